import Foundation
import PatchbayCore

/// The wizard's time rules: the zone a start time is typed in, what it means in each chosen server's zone,
/// and whether it can be used (well formed, existing in that zone, in the future).
extension ApplyWizard {
    func zone(of server: ServerRow) -> TimeZone {
        TimeZone(identifier: server.timeZone) ?? timeZone
    }

    /// The chosen servers grouped by their local time zone, zone names in order.
    var chosenZones: [(zone: TimeZone, servers: [String])] {
        let chosen = servers.filter { chosenServers.contains($0.name) }
        return Dictionary(grouping: chosen, by: { zone(of: $0).identifier })
            .map { (TimeZone(identifier: $0.key) ?? timeZone, $0.value.map(\.name).sorted()) }
            .sorted { $0.zone.identifier < $1.zone.identifier }
    }

    /// The zone a typed start time is read in: the one it was typed in, else the chosen servers' own zone
    /// when they share one (patch windows are agreed in the server's local time), else the console's.
    public var entryZone: TimeZone {
        if let atZone { return atZone }
        let zones = chosenZones
        return zones.count == 1 ? zones[0].zone : timeZone
    }

    /// The start time in the servers' local time and in UTC, e.g. "2026-12-01 22:00 Asia/Tokyo = 2026-12-01 13:00 UTC";
    /// with servers in several zones, then one line per zone naming its servers.
    func describe(_ date: Date) -> [String] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        func local(_ zone: TimeZone) -> String {
            formatter.timeZone = zone
            return "\(formatter.string(from: date)) \(zone.identifier)"
        }
        let entry = local(entryZone)
        formatter.timeZone = TimeZone(identifier: "UTC")
        var lines = ["\(entry) = \(formatter.string(from: date)) UTC"]
        let zones = chosenZones
        if zones.count > 1 {
            lines += zones.map { "  \(local($0.zone)): \($0.servers.joined(separator: ", "))" }
        }
        return lines
    }

    public func startTime() -> Result<Date?, WizardProblem> {
        if startNow { return .success(nil) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = entryZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let text = atText.trimmingCharacters(in: .whitespaces)
        guard let date = formatter.date(from: text) else {
            // Well formed but unparsable: a local time the clocks skip when they go forward.
            if text.wholeMatch(of: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/) != nil, formatter.date(from: String(text.prefix(10)) + " 12:00") != nil {
                return .failure(.timeSkipped(zone: entryZone.identifier))
            }
            return .failure(.timeFormat)
        }
        guard date > now else { return .failure(.timeInPast) }
        return .success(date)
    }
}

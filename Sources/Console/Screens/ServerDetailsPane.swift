import Foundation
import PatchbayCore

/// One approved patch as a server's details pane lists it.
public struct ServerPatch: Sendable, Hashable {
    public var kb: String
    public var title: String
    public var severity: String
    public var policy: PatchPolicy
    public var state: InstallState

    public init(kb: String, title: String, severity: String, policy: PatchPolicy, state: InstallState) {
        self.kb = kb
        self.title = title
        self.severity = severity
        self.policy = policy
        self.state = state
    }

    /// What needs attention first: failures, then missing required patches, then restarts, then the rest.
    var urgency: Int {
        switch state {
        case .failed: return 0
        case .notInstalled, .downloaded: return policy == .required ? 1 : 2
        case .pendingReboot: return 3
        case .installed, .notApplicable, .unknown, .notReportedYet: return 4
        }
    }
}

/// The last changes of one server's install states, as its details pane shows them.
public struct ServerHistory: Sendable, Hashable {
    public var server: String
    public var changes: [InstallStateChange]

    public init(server: String, changes: [InstallStateChange]) {
        self.server = server
        self.changes = changes
    }
}

/// The lower part of the server list: the selected server's address, WSUS and report, the approved patches
/// on it — failed and still needed first — and the last changes of their states (who saw them, and when).
public enum ServerDetailsPane {
    /// How many of the last changes the pane lists at most.
    public static let changesShown = 3

    public static func render(into canvas: inout Canvas, server: ServerRow, patches: [ServerPatch], history: [InstallStateChange]? = nil, stale: Bool,
                              strings: ConsoleStrings, top: Int, bottom: Int) {
        let width = canvas.width
        canvas.box(top: top, left: 0, bottom: bottom, right: width - 1, title: "\(strings.details) — \(server.name)")
        var lines: [(String, StyleRole)] = []
        let report = server.reported
            ? server.lastReport.map { UTCTime.minutes($0) + (stale ? " " + strings.stale : "") } ?? ""
            : strings.notReportedYet
        lines.append(("\(server.name)  \(server.tenant)  \(strings.ipAddress) \(server.ipAddress)  \(strings.wsusComputer) \(server.wsus)", .title))
        let zone = server.timeZone.isEmpty ? strings.notRecorded : server.timeZone
        lines.append(("\(strings.lastReport): \(report)  \(strings.timeZone): \(zone)", !server.reported || stale ? .warning : .normal))
        lines.append(("\(strings.requiredShort) \(server.requiredNeeded)  \(strings.recommendedShort) \(server.recommendedNeeded)  "
                      + "\(strings.failedShort) \(server.failed)  \(strings.rebootShort) \(server.pendingReboot)", .normal))
        if let history {
            lines.append(("\(strings.lastChanges) (UTC):", .title))
            if history.isEmpty { lines.append(("  " + strings.noChanges, .muted)) }
            for change in history.prefix(changesShown) {
                let old = change.old.map(strings.installState) ?? "—"
                lines.append(("  " + UTCTime.minutes(change.at) + "  " + DisplayWidth.pad(change.kb, to: 11)
                              + "\(old) → \(strings.installState(change.new))  (\(strings.stateSource(change.source)))", .normal))
            }
        }
        lines.append(("\(strings.patchesOnServer):", .title))
        if patches.isEmpty { lines.append(("  " + (server.reported ? strings.noPatchesOnServer : strings.notReportedYet), .muted)) }
        let ordered = patches.sorted { ($0.urgency, $0.kb) < ($1.urgency, $1.kb) }
        for patch in ordered {
            let text = DisplayWidth.pad(patch.kb, to: 11) + DisplayWidth.pad(strings.severity(patch.severity), to: 11) + DisplayWidth.pad(strings.policy(patch.policy), to: 12)
                + DisplayWidth.pad(strings.installState(patch.state), to: 32) + patch.title
            lines.append((text, patch.urgency == 0 ? .error : (patch.urgency < 4 ? .warning : .normal)))
        }
        let room = bottom - top - 1
        for (offset, line) in lines.prefix(room).enumerated() {
            canvas.put(line.0, row: top + 1 + offset, column: 2, role: line.1, limit: width - 4)
        }
        if lines.count > room {
            canvas.put("… +\(lines.count - room + 1)", row: bottom - 1, column: width - 12, role: .muted)
        }
    }
}

import Foundation

/// A cron-like schedule, `minute hour day-of-month month day-of-week`, as operators already write them
/// ("0 */2 * * *", "30 1 * * mon-fri"). Used for discovery schedules in the configuration.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    public let description: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    private struct Field {
        let name: String
        let range: ClosedRange<Int>
        let names: [String]
    }

    private static let fields = [
        Field(name: "minute", range: 0...59, names: []),
        Field(name: "hour", range: 0...23, names: []),
        Field(name: "day of month", range: 1...31, names: []),
        Field(name: "month", range: 1...12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]),
        Field(name: "day of week", range: 0...7, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
    ]

    public init(_ text: String) throws(ParseError) {
        let parts = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard parts.count == 5 else {
            throw ParseError(description: "'\(text)' has \(parts.count) fields; a schedule has 5: minute hour day-of-month month day-of-week, e.g. \"0 */2 * * *\"")
        }
        var sets: [Set<Int>] = []
        for (part, field) in zip(parts, Self.fields) {
            sets.append(try Self.parseField(part, field))
        }
        description = parts.joined(separator: " ")
        minutes = sets[0]
        hours = sets[1]
        daysOfMonth = sets[2]
        months = sets[3]
        // Sunday may be written 0 or 7.
        daysOfWeek = Set(sets[4].map { $0 % 7 })
        dayOfMonthRestricted = parts[2] != "*"
        dayOfWeekRestricted = parts[4] != "*"
    }

    private static func parseField(_ text: String, _ field: Field) throws(ParseError) -> Set<Int> {
        var values = Set<Int>()
        for item in text.lowercased().split(separator: ",", omittingEmptySubsequences: false) {
            let stepParts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard stepParts.count <= 2 else { throw bad(text, field) }
            var step = 1
            if stepParts.count == 2 {
                guard let s = Int(stepParts[1]), s > 0 else { throw bad(text, field) }
                step = s
            }
            let base = String(stepParts[0])
            var range: ClosedRange<Int>
            if base == "*" {
                range = field.range
            } else if let dash = base.firstIndex(of: "-") {
                guard let low = value(String(base[..<dash]), field), let high = value(String(base[base.index(after: dash)...]), field),
                      low <= high else { throw bad(text, field) }
                range = low...high
            } else {
                guard let single = value(base, field) else { throw bad(text, field) }
                range = single...(stepParts.count == 2 ? field.range.upperBound : single)
            }
            values.formUnion(stride(from: range.lowerBound, through: range.upperBound, by: step))
        }
        return values
    }

    private static func value(_ text: String, _ field: Field) -> Int? {
        if let index = field.names.firstIndex(of: text) {
            return index + field.range.lowerBound
        }
        guard let number = Int(text), field.range.contains(number) else { return nil }
        return number
    }

    private static func bad(_ text: String, _ field: Field) -> ParseError {
        var allowed = "\(field.range.lowerBound)-\(field.range.upperBound)"
        if let first = field.names.first, let last = field.names.last { allowed += " or \(first)-\(last)" }
        return ParseError(description: "'\(text)' is not a valid \(field.name) field; use *, a number \(allowed), a range a-b, a list a,b or a step */n")
    }

    /// Whether the schedule fires in the minute that `components` (of some calendar) describes.
    public func matches(minute: Int, hour: Int, day: Int, month: Int, weekday: Int) -> Bool {
        guard minutes.contains(minute), hours.contains(hour), months.contains(month) else { return false }
        let dayOK = daysOfMonth.contains(day)
        let weekdayOK = daysOfWeek.contains(weekday % 7)
        // Classic cron: when both day fields are restricted, either one matching is enough.
        if dayOfMonthRestricted && dayOfWeekRestricted { return dayOK || weekdayOK }
        return dayOK && weekdayOK
    }

    /// The first whole minute strictly after `date` at which the schedule fires, searched up to ~4 years.
    public func next(after date: Date, in timeZone: TimeZone = .current) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.dateInterval(of: .minute, for: date)?.start ?? date
        var candidate = start.addingTimeInterval(60)
        let limit = date.addingTimeInterval(4 * 366 * 86_400)
        while candidate < limit {
            let c = calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: candidate)
            if !months.contains(c.month!) {
                candidate = calendar.date(byAdding: .month, value: 1, to: calendar.dateInterval(of: .month, for: candidate)!.start)!
                continue
            }
            if matches(minute: c.minute!, hour: c.hour!, day: c.day!, month: c.month!, weekday: c.weekday! - 1) {
                return candidate
            }
            if !hours.contains(c.hour!) {
                candidate = calendar.dateInterval(of: .hour, for: candidate)!.end
            } else {
                candidate = candidate.addingTimeInterval(60)
            }
        }
        return nil
    }
}

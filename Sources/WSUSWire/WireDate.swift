import Foundation
import PatchbayCore

/// Dates on the wire: naive UTC (`2023-12-12T08:00:00`, 0–7 fraction digits, `Z` or an offset tolerated),
/// with SQL and .NET sentinels meaning "never" / "no deadline" (docs/wsus-protocol.md §5.4).
public enum WireDate {
    public static let noDeadline = "9999-12-31T23:59:59.997"
    public static let neverSynced = "1753-01-01T00:00:00"

    /// Naive UTC with milliseconds, as SQL Server writes it.
    public static func format(_ date: Date) -> String {
        let p = UTCTime.parts(of: date)
        var text = Digits.dateTime(p.year, p.month, p.day, p.hour, p.minute, p.second, between: "T")
        if p.millisecond != 0 {
            text.append(".")
            Digits.append(p.millisecond, width: 3, to: &text)
        }
        return text
    }

    /// The date, or nil for a sentinel (year ≤ 1753 or 9999) or unreadable text.
    public static func parse(_ text: String) -> Date? {
        guard let (date, year) = parseRaw(text) else { return nil }
        return (year <= 1753 || year == 9999) ? nil : date
    }

    /// Scope attributes also come as `MM-dd-yyyy HH:mm:ss.fff` (what the Microsoft console sends).
    public static func parseScope(_ text: String) -> (date: Date, year: Int)? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" || $0 == "." })
        if parts.count >= 6, parts[0].count == 2, parts[2].count == 4,
           let month = Int(parts[0]), let day = Int(parts[1]), let year = Int(parts[2]),
           let hour = Int(parts[3]), let minute = Int(parts[4]), let second = Int(parts[5]) {
            let millis = parts.count > 6 ? Double("0." + parts[6]) ?? 0 : 0
            return (compose(year, month, day, hour, minute, second, millis), year)
        }
        return parseRaw(text)
    }

    static func parseRaw(_ text: String) -> (Date, Int)? {
        let chars = Array(text.utf8)
        guard chars.count >= 19 else { return nil }
        func number(_ from: Int, _ length: Int) -> Int? {
            var value = 0
            for index in from..<(from + length) {
                let c = chars[index]
                guard c >= 48 && c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else { return nil }
        var index = 19
        var fraction = 0.0
        if index < chars.count && chars[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < chars.count, chars[index] >= 48 && chars[index] <= 57 {
                fraction += Double(chars[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offset = 0
        if index < chars.count, chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-") {
            let sign = chars[index] == UInt8(ascii: "-") ? -1 : 1
            if chars.count >= index + 6, let h = number(index + 1, 2), let m = number(index + 4, 2) {
                offset = sign * (h * 3600 + m * 60)
            }
        }
        let date = compose(year, month, day, hour, minute, second, fraction).addingTimeInterval(TimeInterval(-offset))
        return (date, year)
    }

    private static func compose(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int, _ fraction: Double) -> Date {
        UTCTime.date(year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: fraction)
    }
}

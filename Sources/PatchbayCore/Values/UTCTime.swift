import Foundation

/// Calendar arithmetic in UTC without a Calendar or a DateFormatter (both slow, and both locale-aware
/// where stored and wire timestamps must not be).
public enum UTCTime {
    public struct Parts: Sendable, Hashable {
        public var year, month, day, hour, minute, second, millisecond: Int
    }

    public static func date(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, fraction: Double = 0) -> Date {
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Date(timeIntervalSince1970: Double(timegm(&parts)) + fraction)
    }

    public static func parts(of date: Date) -> Parts {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return Parts(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday), hour: Int(parts.tm_hour),
                     minute: Int(parts.tm_min), second: Int(parts.tm_sec), millisecond: Int(millis - seconds * 1000))
    }

    /// "2026-11-29T10:53:00Z", for messages people read.
    public static func iso(_ date: Date) -> String {
        let p = parts(of: date)
        return Digits.dateTime(p.year, p.month, p.day, p.hour, p.minute, p.second, between: "T") + "Z"
    }

    /// "10:53:07", for a time of today on screens that label the zone themselves.
    public static func clock(_ date: Date) -> String {
        let p = parts(of: date)
        return String(format: "%02d:%02d:%02d", p.hour, p.minute, p.second)
    }

    /// "2026-11-29 10:53", for screens that label the zone themselves.
    public static func minutes(_ date: Date) -> String {
        let p = parts(of: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", p.year, p.month, p.day, p.hour, p.minute)
    }
}

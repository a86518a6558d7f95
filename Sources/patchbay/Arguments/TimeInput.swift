import Foundation
import PatchbayCore

/// Times operators type: "2026-11-29", "2026-11-29T08:00:00Z", "2026-11-29 08:00" (local), or an age
/// such as "30m", "24h", "7d".
enum TimeInput {
    static func parse(_ text: String, option: String, now: Date = Date()) throws -> Date {
        if let last = text.last, let amount = Double(text.dropLast()), amount >= 0 {
            let unit: Double? = ["m": 60, "h": 3600, "d": 86_400, "w": 604_800][String(last)]
            if let unit { return now.addingTimeInterval(-amount * unit) }
        }
        let iso = ISO8601DateFormatter()
        if let date = iso.date(from: text) { return date }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = .current
        for pattern in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
            local.dateFormat = pattern
            if let date = local.date(from: text) { return date }
        }
        throw PatchbayError.badArguments("\(option) '\(text)' is not a time",
                                         fix: "write 2026-11-29, '2026-11-29 08:00', 2026-11-29T08:00:00Z, or an age such as 30m, 24h, 7d")
    }

    /// A start time: an absolute time as `parse` reads it, or "+30m", "+2h", "+1d" from now.
    static func parseFuture(_ text: String, option: String, now: Date = Date()) throws -> Date {
        if text.hasPrefix("+"), let last = text.last, let amount = Double(text.dropFirst().dropLast()), amount > 0,
           let unit = ["m": 60.0, "h": 3600, "d": 86_400, "w": 604_800][String(last)] {
            return now.addingTimeInterval(amount * unit)
        }
        if text.hasSuffix("m") || text.hasSuffix("h") || text.hasSuffix("d") || text.hasSuffix("w"), Double(text.dropLast()) != nil {
            throw PatchbayError.badArguments("\(option) '\(text)' would be in the past", fix: "write +\(text) for that long from now")
        }
        return try parse(text, option: option, now: now)
    }

    /// "2026-11-29 14:03:48" in the local time zone. localtime_r, not a DateFormatter: listings format a time
    /// per row, and building a formatter per call made 100,000 rows take seconds.
    static func display(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        return Digits.dateTime(Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min),
                               Int(parts.tm_sec), between: " ")
    }
}

import Foundation
import PatchbayCore

/// Timestamps as stored: ISO 8601, UTC, milliseconds, fixed width, so text order is time order.
enum Timestamp {
    static func text(_ date: Date) -> String {
        let p = UTCTime.parts(of: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", p.year, p.month, p.day, p.hour, p.minute, p.second, p.millisecond)
    }

    static func date(_ text: String) -> Date? {
        guard text.unicodeScalars.count == 24 else { return nil }
        func number(_ offset: Int, _ length: Int) -> Int? {
            let start = text.index(text.startIndex, offsetBy: offset)
            return Int(text[start..<text.index(start, offsetBy: length)])
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              let ms = number(20, 3) else { return nil }
        return UTCTime.date(year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: Double(ms) / 1000)
    }
}

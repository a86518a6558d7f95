import Foundation
import PatchbayCore

/// Timestamps as stored: ISO 8601, UTC, milliseconds, fixed width, so text order is time order.
enum Timestamp {
    static func text(_ date: Date) -> String {
        let p = UTCTime.parts(of: date)
        var text = Digits.dateTime(p.year, p.month, p.day, p.hour, p.minute, p.second, between: "T")
        text.append(".")
        Digits.append(p.millisecond, width: 3, to: &text)
        text.append("Z")
        return text
    }

    static func date(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24 else { return nil }
        // Digits only, read straight from the bytes (a million state rows carry two times each).
        func number(_ offset: Int, _ length: Int) -> Int? {
            var value = 0
            for byte in bytes[offset..<offset + length] {
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              let ms = number(20, 3) else { return nil }
        return UTCTime.date(year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: Double(ms) / 1000)
    }
}

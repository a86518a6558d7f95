/// Zero-padded numbers for the fixed-width times Patchbay writes by the million (stored timestamps, listing
/// columns): `String(format:)` parses its format on every call and costs microseconds a time.
public enum Digits {
    /// Appends `value` (not negative) as at least `width` digits.
    public static func append(_ value: Int, width: Int, to text: inout String) {
        var digits: [UInt8] = []
        var rest = max(0, value)
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        for _ in digits.count..<max(width, digits.count) { text.unicodeScalars.append("0") }
        for digit in digits.reversed() { text.unicodeScalars.append(Unicode.Scalar(digit)) }
    }

    /// `YYYY-MM-DD<between>hh:mm:ss`, the shape every Patchbay time starts with.
    public static func dateTime(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int, between: Character) -> String {
        var text = ""
        text.reserveCapacity(24)
        append(year, width: 4, to: &text)
        text.append("-")
        append(month, width: 2, to: &text)
        text.append("-")
        append(day, width: 2, to: &text)
        text.append(between)
        append(hour, width: 2, to: &text)
        text.append(":")
        append(minute, width: 2, to: &text)
        text.append(":")
        append(second, width: 2, to: &text)
        return text
    }
}

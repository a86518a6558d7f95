/// Seeded damage to a SOAP response (or any text file), for fuzzing the code that reads it: most mutations
/// keep the structure and put a hostile value into one text node or field (what a WSUS with bad data sends),
/// the rest break it (what a broken proxy, disk or editor sends). The same seed always gives the same text.
public enum ResponseMutation {
    /// Values a text node may be replaced with: huge, empty, out of range, hostile to terminals and formats.
    static let values: [String] = [
        "", " ", "0", "-1", "-2147483649", "2147483648", "99999999999999999999", "NaN", "1e308", "true", "x",
        "0000-01-01T00:00:00", "9999-12-31T23:59:59.997", "1753-01-01T00:00:00", "2999-01-01T00:00:00", "1900-02-30T25:61:61",
        "2023-13-45T00:00:00", "not a date", "00000000-0000-0000-0000-000000000000", "not-a-guid", "5033’;Remove-Item C:\\ -Recurse;’",
        "&#x1B;]0;pwned&#x7;", "\u{9B}2J\u{202E}exe.txt", "=HYPERLINK(&quot;http://x&quot;)", "{{job_id}}", "&amp;&lt;&gt;",
        String(repeating: "x", count: 70_000), String(repeating: "9", count: 400), String(repeating: "界", count: 2_000),
    ]

    /// A SOAP response: values go into XML text nodes.
    public static func apply(_ body: String, seed: UInt64) -> String {
        mutate(body, seed: seed, fields: textNodes)
    }

    /// A CSV or YAML file: values replace one field (a run between commas, colons, quotes, brackets or line breaks).
    public static func applyToText(_ text: String, seed: UInt64) -> String {
        mutate(text, seed: seed, fields: tokens)
    }

    static func mutate(_ body: String, seed: UInt64, fields: ([UInt8]) -> [Range<Int>]) -> String {
        var random = SplitMix(seed: seed)
        var bytes = Array(body.utf8)
        guard !bytes.isEmpty else { return body }
        switch random.next() % 10 {
        case 0:
            bytes.removeSubrange(random.next(below: bytes.count)...)
        case 1:
            let start = random.next(below: bytes.count)
            let end = min(bytes.count, start + 1 + random.next(below: 64))
            bytes.removeSubrange(start..<end)
        case 2:
            let index = random.next(below: bytes.count)
            bytes[index] = UInt8(truncatingIfNeeded: random.next())
        case 3:
            let start = random.next(below: bytes.count)
            let end = min(bytes.count, start + 1 + random.next(below: 512))
            bytes.insert(contentsOf: bytes[start..<end], at: end)
        default:
            let nodes = fields(bytes)
            guard !nodes.isEmpty else { break }
            let node = nodes[random.next(below: nodes.count)]
            let value = values[random.next(below: values.count)]
            bytes.replaceSubrange(node, with: Array(value.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The ranges between `>` and `<` that hold something other than white space.
    static func textNodes(_ bytes: [UInt8]) -> [Range<Int>] {
        var nodes: [Range<Int>] = []
        var start: Int?
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: ">") {
                start = index + 1
            } else if byte == UInt8(ascii: "<"), let from = start {
                if from < index, bytes[from..<index].contains(where: { $0 > 0x20 }) { nodes.append(from..<index) }
                start = nil
            }
        }
        return nodes
    }

    static func tokens(_ bytes: [UInt8]) -> [Range<Int>] {
        let separators = Set(",:\n\r\"'[]{}#".utf8)
        var ranges: [Range<Int>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where separators.contains(byte) {
            if start < index { ranges.append(start..<index) }
            start = index + 1
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        return ranges
    }
}

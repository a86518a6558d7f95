/// Escaping for XML text and attribute values. Every layer of nested XML (list → scope → SOAP body)
/// goes through here once, never by string concatenation of raw values.
public enum XMLText {
    public static func escape(_ text: String) -> String {
        // Most values (ids, numbers, names) need nothing: return them as they are without building a copy.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case _ where scalar.value < 0x20 && scalar != "\n" && scalar != "\r" && scalar != "\t":
                continue // not representable in XML 1.0
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// RFC 4180 CSV, read and written. Reading keeps the physical line number of each record so that
/// import errors can name the line a person sees in their editor.
public enum CSV {
    public struct Record: Sendable, Hashable {
        public var line: Int
        public var fields: [String]

        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    public struct SyntaxError: Error, Sendable, Hashable {
        public var line: Int
        public var reason: String

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    /// Splits `text` into records. Blank lines and lines whose first character is `#` are skipped;
    /// a leading byte-order mark is ignored; quoted fields may hold commas, quotes ("") and newlines.
    public static func parse(_ text: String) throws(SyntaxError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var afterQuote = false
        var atRecordStart = true
        var skippingComment = false
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }

        func endRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].allSatisfy(\.isWhitespace)) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            atRecordStart = true
            afterQuote = false
        }

        var index = 0
        while index < scalars.count {
            let c = scalars[index]
            index += 1
            if skippingComment {
                if c == "\n" { skippingComment = false; line += 1 }
                continue
            }
            if atRecordStart {
                recordLine = line
                atRecordStart = false
                if c == "#" { skippingComment = true; atRecordStart = true; continue }
            }
            if inQuotes {
                if c == "\"" {
                    if index < scalars.count && scalars[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                fields.append(field)
                field = ""
                afterQuote = false
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
            case "\"" where field.isEmpty && !afterQuote:
                inQuotes = true
            default:
                if afterQuote {
                    throw SyntaxError(line: recordLine, reason: "text after a closing quote; a quote inside a quoted field is written twice (\"\")")
                }
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes {
            throw SyntaxError(line: recordLine, reason: "a quoted field is never closed")
        }
        if !atRecordStart || !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    /// One CSV line (without the line break), quoting only the fields that need it.
    public static func line(_ fields: [String]) -> String {
        var line = ""
        for (index, field) in fields.enumerated() {
            if index > 0 { line += "," }
            line += quote(field)
        }
        return line
    }

    /// One line of an export meant for spreadsheets: a cell that begins with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return would be run as a formula (CSV injection), so it gets a leading `'`, which spreadsheets
    /// take as "text" and do not show. The rest of the text is kept as it is.
    public static func spreadsheetLine(_ fields: [String]) -> String {
        line(fields.map(neutralised))
    }

    public static func neutralised(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, formulaStarts.contains(first) else { return field }
        return "'" + field
    }

    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    public static func quote(_ field: String) -> String {
        // Bytes, not Characters: exports run to millions of fields, and these are all ASCII.
        let bytes = field.utf8
        let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
            || bytes.first == UInt8(ascii: " ") || bytes.last == UInt8(ascii: " ") || bytes.first == UInt8(ascii: "#")
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

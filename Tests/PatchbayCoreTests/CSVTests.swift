import PatchbayCore
import Testing

@Suite("CSV")
struct CSVTests {
    @Test("quoted fields keep commas, quotes and newlines; line numbers are physical lines")
    func quoting() throws {
        let text = "a,\"b, c\",\"say \"\"hi\"\"\"\n\"multi\nline\",x,y\nlast,1,2"
        let records = try CSV.parse(text)
        #expect(records.map(\.fields) == [["a", "b, c", "say \"hi\""], ["multi\nline", "x", "y"], ["last", "1", "2"]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test("comments, blank lines, CRLF and a byte-order mark are skipped")
    func skipped() throws {
        let text = "\u{FEFF}# header comment\r\n\r\na,b\r\n   \n# another\nc,d\n"
        let records = try CSV.parse(text)
        #expect(records.map(\.fields) == [["a", "b"], ["c", "d"]])
        #expect(records.map(\.line) == [3, 6])
    }

    @Test("an unclosed quote is reported with its line")
    func unclosed() {
        #expect(throws: CSV.SyntaxError(line: 2, reason: "a quoted field is never closed")) {
            try CSV.parse("a,b\n\"open,c\nd\n")
        }
    }

    @Test("text after a closing quote is an error")
    func textAfterQuote() {
        #expect(throws: CSV.SyntaxError.self) { try CSV.parse("\"a\"b,c\n") }
    }

    @Test("writing quotes exactly the fields that need it and reads back the same")
    func roundTrip() throws {
        let fields = ["plain", "with,comma", "with \"quote\"", "日本語", " padded", "#hash"]
        let line = CSV.line(fields)
        #expect(line == "plain,\"with,comma\",\"with \"\"quote\"\"\",日本語,\" padded\",\"#hash\"")
        #expect(try CSV.parse(line).first?.fields == fields)
    }
}

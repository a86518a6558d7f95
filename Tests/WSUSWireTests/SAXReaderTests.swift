import Foundation
import Testing
import WSUSWire

/// The SAX reader of WSUS responses against what a hostile or broken server could send.
@Suite("Reading responses with libxml2")
struct SAXReaderTests {
    static func scalar(_ body: String, prolog: String = "") -> String {
        prolog + SOAPEnvelope.scalarResponse("GetServerVersion", "x").replacingOccurrences(of: "<GetServerVersionResult>x", with: "<GetServerVersionResult>" + body)
    }

    @Test("a document type declaration is refused before any entity in it is expanded")
    func noDTD() throws {
        let laughs = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            """
        let external = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>"
        for (prolog, body) in [(laughs, "&lol3;"), (external, "&secret;")] {
            let document = Self.scalar(body, prolog: prolog).replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"utf-8\"?>", with: "")
            let error = #expect(throws: SOAPParseError.self) { try SOAPResponseReader.read(data: Data(document.utf8)) }
            #expect(error?.description.contains("document type declaration") == true, "\(error?.description ?? "")")
        }
    }

    @Test("escaped text and attribute values arrive decoded; an undeclared entity is an error")
    func escapes() throws {
        let fault = try SOAPResponseReader.read(data: Data(SOAPEnvelope.fault(type: "A&B", message: "x < y & \"z\" é").utf8))
        #expect(fault.fault?.exceptionType == "A&B")
        #expect(fault.fault?.exceptionMessage == "x < y & \"z\" é")
        let text = try SOAPResponseReader.read(data: Data(Self.scalar("a &amp; b &#233; &#x41;").utf8))
        #expect(text.scalar == "a & b é A")
        #expect(throws: SOAPParseError.self) { try SOAPResponseReader.read(data: Data(Self.scalar("&undeclared;").utf8)) }
    }

    @Test("a truncated or empty response is an error that says what is wrong; a file reads as its data does")
    func broken() throws {
        let whole = SOAPEnvelope.responseHead("ExecuteSPGetAllTargetGroups") + Row([.string("Computers"), .string("All")]).xml
            + SOAPEnvelope.responseTail("ExecuteSPGetAllTargetGroups")
        for cut in [whole.count / 3, whole.count - 10] {
            let error = #expect(throws: SOAPParseError.self) { try SOAPResponseReader.read(data: Data(whole.prefix(cut).utf8)) }
            #expect(error?.description.hasPrefix("malformed SOAP response: ") == true)
        }
        #expect(throws: SOAPParseError.self) { try SOAPResponseReader.read(data: Data()) }
        let longName = String(repeating: "x", count: 5_000)
        let mismatch = #expect(throws: SOAPParseError.self) { try SOAPResponseReader.read(data: Data(Self.scalar("<\(longName)></y>").utf8)) }
        #expect((mismatch?.description.count ?? 0) < 400, "a name quoted from a hostile response is cut short")
        #expect(throws: SOAPParseError.self) { try SOAPResponseReader.read(data: Data("<html><body>proxy error</body></html>".utf8)) }
        let path = NSTemporaryDirectory() + "sax-\(UUID().uuidString).xml"
        // Larger than one 64 KiB chunk of the push parser.
        let big = SOAPEnvelope.responseHead("ExecuteSPGetAllTargetGroups")
            + (0..<2_000).map { Row([.string("Computers"), .string("group \($0) & more")]).xml }.joined()
            + SOAPEnvelope.responseTail("ExecuteSPGetAllTargetGroups")
        try big.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let fromFile = try SOAPResponseReader.read(file: path)
        #expect(fromFile.rows().count == 2_000)
        #expect(fromFile.rows()[1_999][1].string == "group 1999 & more")
        #expect(try SOAPResponseReader.read(data: Data(big.utf8)).rows() == fromFile.rows())
    }
}

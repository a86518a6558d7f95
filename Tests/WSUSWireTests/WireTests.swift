import Foundation
import Testing
import WSUSWire

@Suite("WSUS wire format")
struct WireTests {
    @Test("naive datetimes are UTC, with 0–7 fraction digits, Z or an offset")
    func dates() {
        let expected = ISO8601DateFormatter().date(from: "2023-12-12T08:00:00Z")!
        #expect(WireDate.parse("2023-12-12T08:00:00") == expected)
        #expect(WireDate.parse("2023-12-12T08:00:00Z") == expected)
        #expect(WireDate.parse("2023-12-12T09:00:00+01:00") == expected)
        #expect(WireDate.parse("2023-12-12T08:00:00.1234567")!.timeIntervalSince(expected) > 0.123)
        #expect(WireDate.format(expected) == "2023-12-12T08:00:00")
        #expect(WireDate.format(expected.addingTimeInterval(0.25)) == "2023-12-12T08:00:00.250")
    }

    @Test("dates before 1970 format and parse back exactly (the 1753 sentinel is one)")
    func oldDates() throws {
        let sentinel = try #require(WireDate.parseScope("1753-01-01T00:00:00.250")?.date)
        #expect(WireDate.format(sentinel) == "1753-01-01T00:00:00.250")
    }

    @Test("sentinels mean never / no deadline", arguments: ["0001-01-01T00:00:00", "1753-01-01T00:00:00", "9999-12-31T23:59:59.997", "9999-12-31T23:59:59.9999999"])
    func sentinels(text: String) {
        #expect(WireDate.parse(text) == nil)
    }

    @Test("scope dates also come as MM-dd-yyyy HH:mm:ss.fff")
    func scopeDates() {
        let parsed = WireDate.parseScope("12-31-9999 23:59:59.997")
        #expect(parsed?.year == 9999)
        #expect(WireDate.parseScope("01-15-2024 10:30:00.000")?.date == ISO8601DateFormatter().date(from: "2024-01-15T10:30:00Z"))
    }

    @Test("cells decode by xsi:type local name; GUIDs compare lower-case")
    func cells() {
        #expect(Cell.decode(type: "int", text: "42").int == 42)
        #expect(Cell.decode(type: "boolean", text: "1").bool == true)
        #expect(Cell.decode(type: "guid", text: "A0A08746-4DBE-4A37-9ADF-9E7652C0B421").guid == "a0a08746-4dbe-4a37-9adf-9e7652c0b421")
        #expect(Cell.decode(type: "dateTime", text: "9999-12-31T23:59:59.997").date == nil)
        #expect(Cell.decode(type: "unknownType", text: "x").string == "x")
        #expect(Cell.string("a<b&c").xml == "<anyType xsi:type=\"xsd:string\">a&lt;b&amp;c</anyType>")
    }

    @Test("scope lists are escaped once per layer and read back")
    func scopes() {
        let classification = "0fa1201d-4330-4fa8-8ae9-b877473b6441"
        let scope = Scope.updates(extra: [("Classifications", Scope.list("CategoryID", [classification]))])
        #expect(scope.xml == "<UpdateScope ApprovedStates=\"-1\" Classifications=\"&lt;root&gt;&lt;CategoryID&gt;\(classification)&lt;/CategoryID&gt;&lt;/root&gt;\" />")
        let body = SOAPEnvelope.request("ExecuteSPSearchUpdates", [("updateScopeXml", .text(scope.xml))])
        #expect(body.contains("&amp;lt;root&amp;gt;"), "three layers: list, scope, SOAP body")
        let parsed = Scope.parse("<?xml version=\"1.0\" encoding=\"utf-16\"?>" + scope.xml)
        #expect(parsed?["ApprovedStates"] == "-1")
        #expect(Scope.parseList(parsed?["Classifications"] ?? "") == [classification])
    }

    @Test("a response is read in one pass: row sets, scalars, integer arrays and faults")
    func responses() throws {
        let rows = SOAPEnvelope.responseHead("ExecuteSPGetAllTargetGroups") + Row([.string("Computers"), .string("All Computers"), .guid("a0a08746-4dbe-4a37-9adf-9e7652c0b421"), .int(0), .int(0), .null]).xml
            + "<GenericReadableRow xsi:nil=\"true\" />" + SOAPEnvelope.responseTail("ExecuteSPGetAllTargetGroups")
        let read = try SOAPResponseReader.read(data: Data(rows.utf8))
        #expect(read.rows().count == 2)
        #expect(read.rows()[0][1].string == "All Computers")
        #expect(read.rows()[0][5].isNull)
        #expect(read.rows()[1].cells.isEmpty, "a nil row is tolerated")
        let scalar = try SOAPResponseReader.read(data: Data(SOAPEnvelope.scalarResponse("GetServerVersion", "10.0.26100.1").utf8))
        #expect(scalar.scalar == "10.0.26100.1")
        let ints = SOAPEnvelope.responseHead("ExecuteSPGetObsoleteUpdatesToCleanup") + "<int>3</int><int>7</int>" + SOAPEnvelope.responseTail("ExecuteSPGetObsoleteUpdatesToCleanup")
        #expect(try SOAPResponseReader.read(data: Data(ints.utf8)).integers == [3, 7])
        let fault = try SOAPResponseReader.read(data: Data(SOAPEnvelope.fault(type: "System.ArgumentNullException", message: "Value cannot be null.").utf8))
        #expect(fault.fault?.exceptionType == "System.ArgumentNullException")
        #expect(fault.fault?.faultString.contains("Value cannot be null.") == true)
        #expect(throws: SOAPParseError.self) { try SOAPResponseReader.read(data: Data("<soap:Envelope><unclosed".utf8)) }
    }

    @Test("the column map follows the server version and is confirmed by cell types")
    func layouts() {
        #expect(MinimalPropertiesLayout.choose(serverVersion: "10.0.26100.1742", sample: nil) == .v10_0_26100)
        #expect(MinimalPropertiesLayout.choose(serverVersion: "10.0.17763.1", sample: nil) == .older)
        var older = [Cell](repeating: .null, count: 34)
        older[16] = .dateTime("2023-12-12T08:00:00")
        #expect(MinimalPropertiesLayout.choose(serverVersion: "10.0.26100.1", sample: Row(older)) == .older)
    }
}

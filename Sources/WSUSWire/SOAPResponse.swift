import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What a SOAP response held, read in one streaming pass: rows grouped by the array they sat in,
/// a scalar result, an `ArrayOfInt`, or a fault.
public struct SOAPResponse: Sendable {
    /// Rows by array: "minimalProperties", "kbArticles", … for CompleteUpdates; "0", "1", "2" for the
    /// computer result sets; "" for rows directly under the Result element.
    public var rowSets: [String: [Row]] = [:]
    public var scalar: String?
    public var integers: [Int] = []
    public var fault: SOAPFault?

    public func rows(_ set: String = "") -> [Row] { rowSets[set] ?? [] }
}

public struct SOAPFault: Sendable, Hashable, Error {
    public var faultString: String
    public var exceptionType: String?
    public var exceptionMessage: String?

    /// The exception's own message when the fault has one, else the fault string.
    public var summary: String {
        if let type = exceptionType, let message = exceptionMessage { return "\(type): \(message)" }
        return faultString
    }
}

public struct SOAPParseError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Streams a response through `XMLParser(stream:)`, so a 50 MB catalog never exists as a tree.
public enum SOAPResponseReader {
    public static func read(file path: String) throws -> SOAPResponse {
        guard let stream = InputStream(fileAtPath: path) else { throw SOAPParseError(description: "cannot open \(path)") }
        return try read(XMLParser(stream: stream))
    }

    public static func read(data: Data) throws -> SOAPResponse {
        try read(XMLParser(data: data))
    }

    private static func read(_ parser: XMLParser) throws -> SOAPResponse {
        let delegate = ResponseDelegate()
        parser.shouldProcessNamespaces = true
        parser.delegate = delegate
        // A truncated document can end without a parser error; an element left open gives it away.
        guard parser.parse(), delegate.sawEnvelope, delegate.isBalanced else {
            let reason = parser.parserError.map { "\($0.localizedDescription) at line \(parser.lineNumber)" } ?? "no SOAP envelope"
            throw SOAPParseError(description: "malformed SOAP response: \(reason)")
        }
        return delegate.response
    }
}

private final class ResponseDelegate: NSObject, XMLParserDelegate {
    var response = SOAPResponse()
    var sawEnvelope = false
    private var stack: [String] = []
    var isBalanced: Bool { stack.isEmpty }
    private var text = ""
    private var row: [Cell]?
    private var cellType: String?
    private var cellIsNil = false
    private var computerSetIndex = -1
    private var faultString: String?
    private var exceptionType: String?
    private var exceptionMessage: String?
    private var resultHasChildren = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "Envelope" { sawEnvelope = true }
        if let parent = stack.last, parent.hasSuffix("Result") { resultHasChildren = true }
        switch name {
        case "GenericReadableRow":
            row = []
        case "anyType":
            // Per cell of a million-row response: look at the attributes once, cut the prefix without splitting.
            cellType = nil
            cellIsNil = false
            for (key, value) in attributes {
                if key == "type" || key.hasSuffix(":type") {
                    cellType = value.lastIndex(of: ":").map { String(value[value.index(after: $0)...]) } ?? value
                } else if (key == "nil" || key.hasSuffix(":nil")) && value == "true" {
                    cellIsNil = true
                }
            }
        case "ArrayOfGenericReadableRow":
            computerSetIndex += 1
        case "Exception":
            exceptionType = attributes["Type"]
            exceptionMessage = attributes["Message"]
        default:
            break
        }
        stack.append(name)
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
        switch name {
        case "anyType":
            row?.append(cellIsNil ? .null : Cell.decode(type: cellType, text: text))
        case "GenericReadableRow":
            if let row {
                response.rowSets[currentSet(), default: []].append(Row(row))
            }
            row = nil
        case "int" where stack.last?.hasSuffix("Result") == true:
            if let value = Int(text.trimmingCharacters(in: .whitespaces)) { response.integers.append(value) }
        case "faultstring":
            faultString = text
        case "Fault":
            response.fault = SOAPFault(faultString: faultString ?? "", exceptionType: exceptionType, exceptionMessage: exceptionMessage)
        default:
            if name.hasSuffix("Result") && !resultHasChildren { response.scalar = text }
            if name.hasSuffix("Result") { resultHasChildren = false }
        }
        text = ""
    }

    /// The array a finished row belongs to: its parent element, numbered for nested result sets.
    private func currentSet() -> String {
        guard let parent = stack.last else { return "" }
        if parent == "ArrayOfGenericReadableRow" { return String(computerSetIndex) }
        if parent.hasSuffix("Result") { return "" }
        return parent
    }
}

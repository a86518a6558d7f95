import Foundation

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

/// Reads a response in one streaming pass of libxml2's SAX parser, so a 50 MB catalog never exists as a tree and
/// no element costs more than the strings Patchbay keeps (Foundation's XMLParser built a dictionary of attributes
/// and several strings for every one of a million cells). No DTD, no entity declarations, no network.
public enum SOAPResponseReader {
    public static func read(file path: String) throws -> SOAPResponse {
        let builder = ResponseBuilder()
        try SAXReader.read(file: path, into: builder)
        return try builder.finished()
    }

    public static func read(data: Data) throws -> SOAPResponse {
        let builder = ResponseBuilder()
        try SAXReader.read(data: data, into: builder)
        return try builder.finished()
    }
}

/// Builds a SOAPResponse from parser events: element starts (local names; attributes only where they matter),
/// text and element ends.
final class ResponseBuilder: SAXHandler {
    var response = SOAPResponse()
    private var sawEnvelope = false
    private var stack: [String] = []
    private var text = ""
    private var row: [Cell]?
    private var cellType: String?
    private var cellIsNil = false
    private var computerSetIndex = -1
    private var faultString: String?
    private var exceptionType: String?
    private var exceptionMessage: String?
    private var resultHasChildren = false

    /// Attributes are asked for only on the elements that carry meaning in them.
    static let attributeElements: Set<String> = ["anyType", "Exception"]

    func start(_ name: String, attributes: [(name: String, value: String)]) {
        if name == "Envelope" { sawEnvelope = true }
        if let parent = stack.last, parent.hasSuffix("Result") { resultHasChildren = true }
        switch name {
        case "GenericReadableRow":
            row = []
        case "anyType":
            cellType = nil
            cellIsNil = false
            for (key, value) in attributes {
                if key == "type" {
                    cellType = value.lastIndex(of: ":").map { String(value[value.index(after: $0)...]) } ?? value
                } else if key == "nil" && value == "true" {
                    cellIsNil = true
                }
            }
        case "ArrayOfGenericReadableRow":
            computerSetIndex += 1
        case "Exception":
            exceptionType = attributes.first { $0.name == "Type" }?.value
            exceptionMessage = attributes.first { $0.name == "Message" }?.value
        default:
            break
        }
        stack.append(name)
        text = ""
    }

    func characters(_ string: String) {
        text += string
    }

    func end(_ name: String) {
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

    /// The response, or why the document was not a whole SOAP envelope (a truncated document can end
    /// without a parser error; an element left open gives it away).
    func finished() throws -> SOAPResponse {
        guard sawEnvelope, stack.isEmpty else { throw SOAPParseError(description: "malformed SOAP response: no SOAP envelope") }
        return response
    }

    /// The array a finished row belongs to: its parent element, numbered for nested result sets.
    private func currentSet() -> String {
        guard let parent = stack.last else { return "" }
        if parent == "ArrayOfGenericReadableRow" { return String(computerSetIndex) }
        if parent.hasSuffix("Result") { return "" }
        return parent
    }
}

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import WSUSWire

/// A parsed SOAP request: the operation (body element) and its parameters by exact name.
/// Nested parameters (`id` → `UpdateId`, `RevisionNumber`) keep their children.
struct SOAPRequest: Sendable {
    var operation: String
    var namespace: String
    var parameters: [String: String] = [:]
    var children: [String: [String: String]] = [:]

    static func parse(_ body: Data) -> SOAPRequest? {
        let reader = RequestReader()
        let parser = XMLParser(data: body)
        parser.shouldProcessNamespaces = true
        parser.delegate = reader
        guard parser.parse(), let operation = reader.operation else { return nil }
        return SOAPRequest(operation: operation, namespace: reader.namespace ?? "", parameters: reader.parameters, children: reader.children)
    }
}

private final class RequestReader: NSObject, XMLParserDelegate {
    var operation: String?
    var namespace: String?
    var parameters: [String: String] = [:]
    var children: [String: [String: String]] = [:]
    private var stack: [String] = []
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if stack.last == "Body" && operation == nil {
            operation = name
            namespace = namespaceURI
        }
        stack.append(name)
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
        // stack now ends at the parent: Envelope, Body, Operation, parameter…
        if stack.count == 3 {
            if parameters[name] == nil { parameters[name] = text }
        } else if stack.count == 4 {
            children[stack[3], default: [:]][name] = text
        }
        text = ""
    }
}

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The operations and their parameters as the real WSDL declares them. The simulator binds requests
/// strictly against this (names are case-sensitive; `minOccurs="1"` values must be there).
struct WSDLContract: Sendable {
    struct Parameter: Sendable, Hashable {
        var name: String
        var required: Bool
        var type: String
    }

    let text: String
    /// Operation name → its parameters in WSDL order.
    let operations: [String: [Parameter]]

    static func load() throws -> WSDLContract {
        guard let url = Bundle.module.url(forResource: "ApiRemoting30-WebService.wsdl", withExtension: "xml", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url) else {
            throw SimulatorError("the bundled WSDL is missing from the WSUSSimulator resources")
        }
        let reader = ElementReader()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = reader
        guard parser.parse() else { throw SimulatorError("the bundled WSDL does not parse") }
        // Message elements name operations; their responses end in "Response".
        let operations = reader.elements.filter { !$0.key.hasSuffix("Response") && reader.operationNames.contains($0.key) }
        return WSDLContract(text: String(decoding: data, as: UTF8.self), operations: operations)
    }

    /// The WSDL with its service addresses pointing at the host the client used (docs/wsus-protocol.md §14.1).
    func document(forHost host: String, scheme: String) -> String {
        text.replacingOccurrences(of: "http://2022dc:8530", with: "\(scheme)://\(host)")
    }
}

private final class ElementReader: NSObject, XMLParserDelegate {
    var elements: [String: [WSDLContract.Parameter]] = [:]
    var operationNames = Set<String>()
    private var topElement: String?
    private var depth = 0
    private var inTypes = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        depth += 1
        if name == "schema" { inTypes = true }
        if name == "operation", let op = attributes["name"] { operationNames.insert(op) }
        guard inTypes, name == "element" else { return }
        if depth == 4, let elementName = attributes["name"] {
            topElement = elementName
            elements[elementName] = []
        } else if let top = topElement, let parameter = attributes["name"] {
            let type = attributes["type"].map { String($0.split(separator: ":").last ?? "") } ?? ""
            elements[top, default: []].append(.init(name: parameter, required: attributes["minOccurs"] == "1", type: type))
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        if name == "schema" { inTypes = false }
        if name == "element" && depth == 3 { topElement = nil }
    }
}

struct SimulatorError: Error, CustomStringConvertible, Sendable {
    var description: String
    init(_ description: String) { self.description = description }
}

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The scope fragments (`updateScopeXml`, `computerTargetScopeXml`) sent as element text (docs/wsus-protocol.md §6).
public struct Scope: Sendable, Hashable {
    public var element: String
    /// Attributes in the order they are written.
    public var attributes: [(String, String)]

    public static func == (lhs: Scope, rhs: Scope) -> Bool {
        lhs.element == rhs.element && lhs.attributes.map { $0.0 + "=" + $0.1 } == rhs.attributes.map { $0.0 + "=" + $0.1 }
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(xml) }

    public init(element: String, attributes: [(String, String)]) {
        self.element = element
        self.attributes = attributes
    }

    public static func updates(approvedStates: Int = -1, extra: [(String, String)] = []) -> Scope {
        Scope(element: "UpdateScope", attributes: [("ApprovedStates", String(approvedStates))] + extra)
    }

    public static func computers(includeDownstream: Bool = false, extra: [(String, String)] = []) -> Scope {
        Scope(element: "ComputerTargetScope", attributes: [("IncludeDownstreamComputerTargets", includeDownstream ? "true" : "false")] + extra)
    }

    /// `<root><Tag>id</Tag>…</root>`, the list form of Classifications, Categories and group scopes.
    public static func list(_ tag: String, _ ids: [String]) -> String {
        "<root>" + ids.map { "<\(tag)>\(XMLText.escape($0))</\(tag)>" }.joined() + "</root>"
    }

    public var xml: String {
        "<\(element)" + attributes.map { " \($0.0)=\"\(XMLText.escape($0.1))\"" }.joined() + " />"
    }

    public subscript(_ name: String) -> String? {
        attributes.first { $0.0 == name }?.1
    }

    /// Reads a scope as a server receives it: an XML declaration (even one claiming utf-16) is dropped.
    public static func parse(_ text: String) -> Scope? {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.hasPrefix("<?xml"), let end = body.range(of: "?>") { body = String(body[end.upperBound...]) }
        let delegate = FirstElement()
        let parser = XMLParser(data: Data(body.utf8))
        parser.delegate = delegate
        _ = parser.parse()
        guard let element = delegate.element else { return nil }
        return Scope(element: element, attributes: delegate.attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// The ids of a `<root>` list attribute, lower-cased.
    public static func parseList(_ text: String) -> [String] {
        let delegate = ListItems()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = delegate
        _ = parser.parse()
        return delegate.items
    }
}

private final class FirstElement: NSObject, XMLParserDelegate {
    var element: String?
    var attributes: [String: String] = [:]

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        guard element == nil else { return }
        element = name
        self.attributes = attributes
    }
}

private final class ListItems: NSObject, XMLParserDelegate {
    var items: [String] = []
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        text = ""
        if let value = attributes["Name"] { items.append(value) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if name != "root" && !value.isEmpty { items.append(value.lowercased()) }
        text = ""
    }
}

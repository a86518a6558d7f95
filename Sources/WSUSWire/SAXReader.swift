import CLibXML2
import Foundation

/// What a SAX reader reports: element starts with their local names, text, element ends.
protocol SAXHandler: AnyObject {
    /// Elements whose attributes `start` is given; every other element gets none (they are never read).
    static var attributeElements: Set<String> { get }
    func start(_ name: String, attributes: [(name: String, value: String)])
    func characters(_ text: String)
    func end(_ name: String)
}

/// libxml2's push parser with a SAX2 handler, fed the document in chunks. Hostile input is refused, never
/// obeyed: a document type declaration (SOAP forbids one; it is where entity bombs and external entities
/// live) stops the parse, the network is never used, and libxml2's own limits on depth and text size hold.
/// Parser messages are collected, never printed.
enum SAXReader {
    private static let initialized: Void = { xmlInitParser() }()

    static func read(file path: String, into handler: some SAXHandler) throws {
        guard let file = fopen(path, "rb") else { throw SOAPParseError(description: "cannot open \(path)") }
        defer { fclose(file) }
        try parse(into: handler) { buffer in fread(buffer.baseAddress, 1, buffer.count, file) }
    }

    static func read(data: Data, into handler: some SAXHandler) throws {
        var offset = 0
        try parse(into: handler) { buffer in
            let count = min(buffer.count, data.count - offset)
            if count > 0 { _ = data.copyBytes(to: UnsafeMutableRawBufferPointer(buffer), from: offset..<offset + count) }
            offset += count
            return count
        }
    }

    private static func parse(into handler: some SAXHandler, next: (UnsafeMutableBufferPointer<CChar>) -> Int) throws {
        _ = initialized
        let state = ParseState(handler: handler, attributeElements: type(of: handler).attributeElements)
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { context, localName, _, _, _, _, attributeCount, _, attributes in
            guard let context, let localName else { return }
            let state = Unmanaged<ParseState>.fromOpaque(context).takeUnretainedValue()
            let name = String(cString: localName)
            var pairs: [(name: String, value: String)] = []
            if state.attributeElements.contains(name), let attributes {
                // Five pointers per attribute: local name, prefix, namespace, value start, value end.
                for index in 0..<Int(attributeCount) {
                    guard let key = attributes[index * 5], let start = attributes[index * 5 + 3], let end = attributes[index * 5 + 4] else { continue }
                    let value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                    pairs.append((String(cString: key), state.decodedAttribute(value)))
                }
            }
            state.handler.start(name, attributes: pairs)
        }
        sax.endElementNs = { context, localName, _, _ in
            guard let context, let localName else { return }
            Unmanaged<ParseState>.fromOpaque(context).takeUnretainedValue().handler.end(String(cString: localName))
        }
        sax.characters = { context, bytes, count in
            guard let context, let bytes else { return }
            let text = String(decoding: UnsafeBufferPointer(start: bytes, count: Int(count)), as: UTF8.self)
            Unmanaged<ParseState>.fromOpaque(context).takeUnretainedValue().handler.characters(text)
        }
        sax.internalSubset = { context, _, _, _ in
            guard let context else { return }
            Unmanaged<ParseState>.fromOpaque(context).takeUnretainedValue().refuse("a document type declaration, which SOAP does not allow")
        }
        sax.serror = { context, error in
            guard let context, let error else { return }
            let state = Unmanaged<ParseState>.fromOpaque(context).takeUnretainedValue()
            guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue, state.problem == nil else { return }
            let message = error.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unreadable XML"
            // libxml2 quotes names from the document: a hostile response must not make the stored error long.
            state.problem = "\(message.count > 200 ? message.prefix(200) + "…" : Substring(message)) at line \(error.pointee.line)"
        }
        let context = Unmanaged.passRetained(state)
        defer { context.release() }
        guard let parser = xmlCreatePushParserCtxt(&sax, context.toOpaque(), nil, 0, nil) else {
            throw SOAPParseError(description: "the XML parser could not start")
        }
        defer { xmlFreeParserCtxt(parser) }
        state.parser = parser
        // No network, and entities are never substituted: libxml2 keeps its default limits.
        xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue))

        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: 1 << 16)
        defer { buffer.deallocate() }
        while state.problem == nil {
            let count = next(buffer)
            if xmlParseChunk(parser, buffer.baseAddress, Int32(count), count == 0 ? 1 : 0) != 0 && state.problem == nil {
                state.problem = "unreadable XML"
            }
            if count == 0 { break }
        }
        if let problem = state.problem { throw SOAPParseError(description: "malformed SOAP response: \(problem)") }
        guard parser.pointee.wellFormed != 0 else { throw SOAPParseError(description: "malformed SOAP response: the document is not well-formed XML") }
    }

    private final class ParseState {
        let handler: any SAXHandler
        let attributeElements: Set<String>
        var parser: xmlParserCtxtPtr?
        var problem: String?

        init(handler: any SAXHandler, attributeElements: Set<String>) {
            self.handler = handler
            self.attributeElements = attributeElements
        }

        func refuse(_ what: String) {
            if problem == nil { problem = "the response holds \(what)" }
            if let parser { xmlStopParser(parser) }
        }

        /// SAX2 hands attribute values over with character references and the predefined entities still in
        /// them (`&amp;`, `&#233;`) unless the parser substitutes entities, which it must not: decode those here.
        func decodedAttribute(_ value: String) -> String {
            // Bytes: String.contains(String) goes through Foundation's search, a real cost once per cell.
            guard value.utf8.contains(UInt8(ascii: "&")) else { return value }
            return XMLText.unescape(value)
        }
    }
}

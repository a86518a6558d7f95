/// Builds SOAP 1.1 envelopes in the byte layout real clients and servers use (docs/wsus-protocol.md §12).
public enum SOAPEnvelope {
    /// A request parameter, in WSDL order.
    public enum Value: Sendable, Hashable {
        case text(String)
        case int(Int)
        case bool(Bool)
        case guid(String)
        case dateTime(String)
        case revision(updateID: String, revisionNumber: Int)
        case structure([(String, Value)])

        public static func == (lhs: Value, rhs: Value) -> Bool { lhs.xml == rhs.xml }
        public func hash(into hasher: inout Hasher) { hasher.combine(xml) }

        var xml: String {
            switch self {
            case .text(let s): return XMLText.escape(s)
            case .int(let i): return String(i)
            case .bool(let b): return b ? "true" : "false"
            case .guid(let g): return g
            case .dateTime(let d): return d
            case .revision(let id, let revision): return "<UpdateId>\(id)</UpdateId><RevisionNumber>\(revision)</RevisionNumber>"
            case .structure(let fields): return fields.map { "<\($0.0)>\($0.1.xml)</\($0.0)>" }.joined()
            }
        }
    }

    private static let head = "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"\(WSUSNamespace.soap11)\" xmlns:xsi=\"\(WSUSNamespace.xsi)\" xmlns:xsd=\"\(WSUSNamespace.xsd)\"><soap:Body>"
    private static let tail = "</soap:Body></soap:Envelope>"

    public static func request(_ operation: String, _ parameters: [(String, Value)]) -> String {
        let body = parameters.map { "<\($0.0)>\($0.1.xml)</\($0.0)>" }.joined()
        return head + "<\(operation) xmlns=\"\(WSUSNamespace.api)\">" + body + "</\(operation)>" + tail
    }

    /// The response start up to the opening `…Result` element; the caller streams the result body after it.
    public static func responseHead(_ operation: String) -> String {
        head + "<\(operation)Response xmlns=\"\(WSUSNamespace.api)\"><\(operation)Result>"
    }

    public static func responseTail(_ operation: String) -> String {
        "</\(operation)Result></\(operation)Response>" + tail
    }

    /// A void operation's response: an empty `<OpResponse/>`.
    public static func emptyResponse(_ operation: String) -> String {
        head + "<\(operation)Response xmlns=\"\(WSUSNamespace.api)\" />" + tail
    }

    public static func scalarResponse(_ operation: String, _ value: String) -> String {
        responseHead(operation) + XMLText.escape(value) + responseTail(operation)
    }

    /// A SOAP fault carrying a .NET exception the way real servers report it (docs/wsus-protocol.md §4.4).
    public static func fault(type: String, message: String, assembly: String = "Microsoft.UpdateServices.Administration") -> String {
        let text = "System.Web.Services.Protocols.SoapException: Server was unable to process request. ---> \(type): \(message)"
        return head + "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>\(XMLText.escape(text))</faultstring>"
            + "<detail><Exception Assembly=\"\(XMLText.escape(assembly))\" Type=\"\(XMLText.escape(type))\" Message=\"\(XMLText.escape(message))\" /></detail>"
            + "</soap:Fault>" + tail
    }
}

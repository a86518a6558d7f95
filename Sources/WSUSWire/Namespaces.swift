/// The XML namespaces and fixed strings of the ApiRemoting30 protocol (docs/wsus-protocol.md §4).
public enum WSUSNamespace {
    public static let api = "http://www.microsoft.com/SoftwareDistribution/Server/ApiRemotingWebService"
    public static let soap11 = "http://schemas.xmlsoap.org/soap/envelope/"
    public static let soap12 = "http://www.w3.org/2003/05/soap-envelope"
    public static let guidTypes = "http://microsoft.com/wsdl/types/"
    public static let xsi = "http://www.w3.org/2001/XMLSchema-instance"
    public static let xsd = "http://www.w3.org/2001/XMLSchema"

    /// The service path under a WSUS base address.
    public static let servicePath = "/ApiRemoting30/WebService.asmx"

    public static func soapAction(_ operation: String) -> String { "\"\(api)/\(operation)\"" }
}

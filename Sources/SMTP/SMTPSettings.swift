/// Where and how to deliver mail.
public struct SMTPSettings: Sendable, Hashable {
    public enum Security: String, Sendable, Hashable {
        /// Plain connection upgraded with STARTTLS, which the server must offer.
        case starttls
        /// TLS from the first byte (port 465).
        case tls
        /// No TLS at all (only for a relay on the same host or a test server).
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    public var from: String
    /// PEM file of the CA that signed the server's certificate; nil: the system's CAs.
    public var caFile: String?
    public var timeoutSeconds: Int
    /// The name this client gives in EHLO.
    public var heloName: String

    public init(host: String, port: Int, security: Security, username: String? = nil, password: String? = nil, from: String,
                caFile: String? = nil, timeoutSeconds: Int = 60, heloName: String = "patchbay.localdomain") {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds
        self.heloName = heloName
    }
}

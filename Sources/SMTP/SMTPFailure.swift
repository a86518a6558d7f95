/// Why a mail was not delivered, and whether trying again later can help.
public struct SMTPFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case connection, tls, authentication, recipientRefused, rejected, timeout, protocolError
    }

    public var kind: Kind
    /// A 5xx answer about this mail: sending it again will fail the same way.
    public var permanent: Bool
    public var message: String
    public var fix: String

    public init(_ kind: Kind, permanent: Bool, _ message: String, fix: String) {
        self.kind = kind
        self.permanent = permanent
        self.message = message
        self.fix = fix
    }

    public var description: String { "\(message); \(fix)" }
}

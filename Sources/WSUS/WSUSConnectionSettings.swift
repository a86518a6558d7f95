import Foundation

/// How to reach one WSUS server. The password is the secret's content, read by the caller from its
/// `password_file`; it is handed to libcurl and never logged or echoed.
public struct WSUSConnectionSettings: Sendable {
    public enum Authentication: String, Sendable, CaseIterable {
        case ntlm, negotiate, basic
    }

    public var name: String
    /// Base address, e.g. https://wsus01.corp.example:8531.
    public var baseURL: URL
    public var username: String
    public var password: String
    public var caFile: String?
    public var authentication: Authentication
    /// Per call; catalog calls on a large WSUS take minutes (docs/wsus-protocol.md §13).
    public var timeoutSeconds: Int
    public var culture = "en"

    public init(name: String, baseURL: URL, username: String, password: String, caFile: String? = nil,
                authentication: Authentication = .ntlm, timeoutSeconds: Int = 300) {
        self.name = name
        self.baseURL = baseURL
        self.username = username
        self.password = password
        self.caFile = caFile
        self.authentication = authentication
        self.timeoutSeconds = timeoutSeconds
    }

    public var serviceURL: String {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/ApiRemoting30/WebService.asmx"
    }

    var isHTTPS: Bool { baseURL.scheme?.lowercased() == "https" }
}

/// A failure talking to WSUS, with the cause and what to do about it.
public struct WSUSError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable {
        case unreachable, badCredentials, forbidden, tls, timeout, fault, malformedResponse, connectionDropped, httpStatus, unauthorizedRole
    }

    public var kind: Kind
    public var message: String
    public var fix: String

    public init(kind: Kind, message: String, fix: String) {
        self.kind = kind
        self.message = message
        self.fix = fix
    }

    public var description: String { "\(message) (fix: \(fix))" }
}

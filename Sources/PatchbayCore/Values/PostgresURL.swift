import Foundation

/// `postgres://USER@HOST[:PORT]/DATABASE`: where a PostgreSQL CMDB is, never with a password (that lives in a
/// private file).
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var database: String

    public init(host: String, port: Int = 5432, user: String, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
    }

    /// Nil when `text` is not such a URL, or holds a password.
    public init?(_ text: String) {
        guard let url = URLComponents(string: text), url.scheme == "postgres" || url.scheme == "postgresql",
              url.password == nil, let user = url.user, !user.isEmpty, let host = url.host, !host.isEmpty else { return nil }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/"), url.query == nil else { return nil }
        self.init(host: host, port: url.port ?? 5432, user: user, database: database)
    }

    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}

/// How the connection to a PostgreSQL CMDB is protected (`cmdb.postgres.tls`).
public enum PostgresTLS: String, Sendable, Hashable, CaseIterable {
    /// No TLS (loopback, or a network the site trusts).
    case disable
    /// TLS, without checking the server's certificate.
    case require
    /// TLS, with the server's certificate checked against `ca_file` and its host name.
    case verifyFull = "verify-full"
}

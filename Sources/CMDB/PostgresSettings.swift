import Foundation

/// Where a PostgreSQL CMDB lives and how to reach it (`cmdb: {postgres: …}`). The password comes from a
/// private file, never from the URL or the configuration.
public struct PostgresSettings: Sendable, Hashable {
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// No TLS (loopback, or a network the site trusts).
        case disable
        /// TLS, without checking the server's certificate.
        case require
        /// TLS, with the server's certificate checked against `ca_file` and its host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var password: String
    public var tls: TLSMode
    /// PEM file of the authority that signed the server's certificate (verify-full).
    public var caFile: String?
    /// Connections this process keeps at most.
    public var pool: Int

    public init(host: String, port: Int = 5432, user: String, database: String, password: String, tls: TLSMode = .disable,
                caFile: String? = nil, pool: Int = 8) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.password = password
        self.tls = tls
        self.caFile = caFile
        self.pool = pool
    }

    /// The URL without any secret, for messages and the console's status line.
    public var location: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// Reads `postgres://USER@HOST[:PORT]/DATABASE`; nil when it is not one, or holds a password.
    public static func parse(url text: String) -> (host: String, port: Int, user: String, database: String)? {
        guard let url = URLComponents(string: text), url.scheme == "postgres" || url.scheme == "postgresql",
              url.password == nil, let user = url.user, !user.isEmpty, let host = url.host, !host.isEmpty else { return nil }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { return nil }
        return (host, url.port ?? 5432, user, database)
    }
}

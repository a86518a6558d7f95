import Foundation
import PatchbayCore

/// Where a PostgreSQL CMDB lives and how to reach it (`cmdb: {postgres: …}`). The password comes from a
/// private file, never from the URL or the configuration.
public struct PostgresSettings: Sendable, Hashable {
    public var url: PostgresURL
    public var password: String
    public var tls: PostgresTLS
    /// PEM file of the authority that signed the server's certificate (verify-full).
    public var caFile: String?
    /// Connections this process keeps at most.
    public var pool: Int

    public init(_ url: PostgresURL, password: String, tls: PostgresTLS = .disable, caFile: String? = nil, pool: Int = 8) {
        self.url = url
        self.password = password
        self.tls = tls
        self.caFile = caFile
        self.pool = pool
    }

    public var host: String { url.host }
    public var port: Int { url.port }
    public var user: String { url.user }
    public var database: String { url.database }

    /// The URL without any secret, for messages and the console's status line.
    public var location: String { url.description }

    /// Reads `postgres://USER@HOST[:PORT]/DATABASE`; nil when it is not one, or holds a password.
    public static func parse(url text: String) -> (host: String, port: Int, user: String, database: String)? {
        PostgresURL(text).map { ($0.host, $0.port, $0.user, $0.database) }
    }
}

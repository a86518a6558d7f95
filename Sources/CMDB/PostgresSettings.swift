import Foundation
import PatchbayCore

/// Where a PostgreSQL CMDB lives and how to reach it (`cmdb: {postgres: …}`). The password comes from a
/// private file, never from the URL or the configuration.
public struct PostgresSettings: Sendable, Hashable {
    public typealias TLSMode = PostgresTLS

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
        PostgresURL(text).map { ($0.host, $0.port, $0.user, $0.database) }
    }

    public init(_ url: PostgresURL, password: String, tls: TLSMode = .disable, caFile: String? = nil, pool: Int = 8) {
        self.init(host: url.host, port: url.port, user: url.user, database: url.database, password: password, tls: tls, caFile: caFile, pool: pool)
    }
}

import Crypto
import Foundation
import Logging
import PatchbayCore
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization

/// A named lock across every host of one PostgreSQL CMDB: a session advisory lock on a connection kept open
/// while the lock is held (the server releases it when that session ends, so a host that dies frees it).
final class PostgresLock: HeldLock {
    private let connection: Mutex<PostgresConnection?>
    private let name: String

    private init(connection: PostgresConnection, name: String) {
        self.connection = Mutex(connection)
        self.name = name
    }

    /// The lock's 64-bit key: the first bytes of a hash of its name, the same on every host.
    static func key(_ name: String) -> Int64 {
        let digest = Array(SHA256.hash(data: Data("patchbay-lock:\(name)".utf8)))
        return digest.prefix(8).reduce(Int64(0)) { ($0 << 8) | Int64($1) }
    }

    static func acquire(_ name: String, holder: String, settings: PostgresSettings) async throws -> PostgresLock {
        var logger = Logger(label: "patchbay.cmdb.lock")
        logger.logLevel = .critical
        let tls = try PostgresFailure.tls(settings)
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: .init(host: settings.host, port: settings.port, username: settings.user, password: settings.password,
                                     database: settings.database, tls: tls.connection), id: 1, logger: logger)
        } catch {
            throw PostgresFailure.wrap(error, settings: settings)
        }
        let database = connection.sql(queryLogLevel: nil)
        do {
            let taken = try await database.raw("SELECT pg_try_advisory_lock(\(bind: key(name))) AS taken").first()?.decode(column: "taken", as: Bool.self) ?? false
            guard taken else {
                let current = try await database.raw("SELECT holder FROM cmdb_locks WHERE name = \(bind: name)").first()?
                    .decode(column: "holder", as: String.self) ?? "a process on another host"
                try? await connection.close()
                throw PatchbayError.conflict("\(name) is already running: \(current)",
                                             fix: "wait for it to finish (or stop that process) and run the command again")
            }
            try await database.raw("""
                INSERT INTO cmdb_locks (name, holder, since) VALUES (\(bind: name), \(bind: holder), \(bind: Timestamp.text(Date())))
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, since = excluded.since
                """).run()
        } catch {
            try? await connection.close()
            throw PostgresFailure.wrap(error, settings: settings)
        }
        return PostgresLock(connection: connection, name: name)
    }

    /// Ends the lock's session, which releases the advisory lock; the holder's row stays until the next holder
    /// writes its own (it is only read while the lock is held).
    func release() {
        guard let connection = connection.withLock({ held -> PostgresConnection? in defer { held = nil }; return held }) else { return }
        Task { try? await connection.close() }
    }

    deinit { release() }
}

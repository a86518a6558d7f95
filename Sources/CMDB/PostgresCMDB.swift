import Foundation
import Logging
import PatchbayCore
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization

/// The CMDB on PostgreSQL, for sites that outgrow one file: the same repositories as SQLite's (SQLSession),
/// over a pool of connections. Writers queue on one advisory lock (CMDBEngine.beginWrite), readers see one
/// snapshot each, and migrations run under the writers' lock, so processes starting at once do not race.
public final class PostgresCMDB: CMDBStore {
    public let settings: PostgresSettings
    public var location: String { settings.location }

    private let client: PostgresClient
    private let running: Task<Void, Never>
    private let closed = Mutex(false)

    private init(settings: PostgresSettings, client: PostgresClient) {
        self.settings = settings
        self.client = client
        let client = client
        running = Task { await client.run() }
    }

    /// Connects, says clearly why when it cannot, and brings the schema up to date.
    public static func open(_ settings: PostgresSettings) async throws -> PostgresCMDB {
        var logger = Logger(label: "patchbay.cmdb.postgres")
        logger.logLevel = .critical
        let tls = try PostgresFailure.tls(settings)
        // One connection first: the pool retries a refused connection quietly, a person needs the reason now.
        do {
            let probe = try await PostgresConnection.connect(
                configuration: .init(host: settings.host, port: settings.port, username: settings.user, password: settings.password,
                                     database: settings.database, tls: tls.connection), id: 0, logger: logger)
            try? await probe.close()
        } catch {
            throw PostgresFailure.wrap(error, settings: settings)
        }
        var configuration = PostgresClient.Configuration(host: settings.host, port: settings.port, username: settings.user,
                                                         password: settings.password, database: settings.database, tls: tls.client)
        configuration.options.maximumConnections = max(settings.pool, 2)
        let cmdb = PostgresCMDB(settings: settings, client: PostgresClient(configuration: configuration, backgroundLogger: logger))
        do {
            try await cmdb.client.withConnection { connection in
                try await Migrator(database: connection.sql(queryLogLevel: nil), engine: .postgres).migrate()
            }
        } catch {
            await cmdb.close()
            throw PostgresFailure.wrap(error, settings: settings)
        }
        return cmdb
    }

    public func read<T: Sendable>(_ body: (any CMDBSession) async throws -> T) async throws -> T {
        try await transaction(CMDBEngine.postgres.beginRead) { try await body(SQLSession(database: $0, engine: .postgres)) }
    }

    public func write<T: Sendable>(_ body: (any CMDBSession) async throws -> T) async throws -> T {
        try await transaction(CMDBEngine.postgres.beginWrite) { try await body(SQLSession(database: $0, engine: .postgres)) }
    }

    /// The raw database inside one transaction, for whole-CMDB work: a write holds the writers' lock, a read
    /// only sees one snapshot and keeps nobody waiting.
    func withDatabase<T: Sendable>(write: Bool, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction(write ? CMDBEngine.postgres.beginWrite : CMDBEngine.postgres.beginRead, body)
    }

    private func transaction<T: Sendable>(_ begin: [String], _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                let database = connection.sql(queryLogLevel: nil)
                for statement in begin { try await database.raw("\(unsafeRaw: statement)").run() }
                do {
                    let result = try await body(database)
                    try await Self.ending("COMMIT", on: database)
                    return result
                } catch {
                    try? await Self.ending("ROLLBACK", on: database)
                    throw error
                }
            }
        } catch {
            throw PostgresFailure.wrap(error, settings: settings)
        }
    }

    /// Ends the transaction in a task of its own, so a cancelled caller cannot hand the connection back to
    /// the pool inside a transaction.
    private static func ending(_ statement: String, on database: any SQLDatabase) async throws {
        try await Task { try await database.raw("\(unsafeRaw: statement)").run() }.value
    }

    /// A PostgreSQL advisory lock held by a connection of its own for as long as the lock is: every host using
    /// this CMDB sees it, and a process that dies releases it with its session. Who holds it is written in
    /// `cmdb_locks` for the refusal's message.
    public func exclusiveLock(_ name: String, holder: String) async throws -> any HeldLock {
        try await PostgresLock.acquire(name, holder: holder, settings: settings)
    }

    /// The schema versions recorded in the database, oldest first.
    public func appliedMigrations() async throws -> [Int] {
        return try await client.withConnection { connection in
            try await connection.sql(queryLogLevel: nil).raw("SELECT version FROM schema_migrations ORDER BY version").all()
                .map { try $0.decode(column: "version", as: Int.self) }
        }
    }

    public func close() async {
        guard closed.withLock({ wasClosed in defer { wasClosed = true }; return !wasClosed }) else { return }
        running.cancel()
        await running.value
    }
}

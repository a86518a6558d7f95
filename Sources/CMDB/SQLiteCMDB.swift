import Foundation
import Logging
import NIOCore
import NIOPosix
import PatchbayCore
import SQLiteKit
import SQLiteNIO
import SQLKit
import Synchronization

/// The embedded CMDB: one SQLite file shared by the daemon, consoles and commands.
///
/// Sharing is safe because the file runs in WAL mode (readers never block the writer), every connection
/// waits up to `busyTimeout` for a lock instead of failing, and write transactions start with
/// `BEGIN IMMEDIATE` so two writers queue up front instead of deadlocking on a lock upgrade.
public final class SQLiteCMDB: CMDBStore {
    public static let defaultBusyTimeout: Duration = .seconds(30)

    public let path: String
    public var location: String { path }

    /// A warning naming the CMDB files that group or others may read, or nil when all are private.
    public var exposure: String? { PrivateFile.warning(PrivateFile.exposed(path)) }

    private let connection: SQLiteConnection
    /// Its own thread: a statement waiting for another process's lock blocks only this connection, never
    /// a thread another connection needs to commit (a shared pool can starve into a 30 s lock timeout).
    private let threadPool: NIOThreadPool
    private let database: any SQLDatabase
    private let gate = SerialGate()
    private let closed = Mutex(false)

    private init(path: String, connection: SQLiteConnection, threadPool: NIOThreadPool) {
        self.path = path
        self.connection = connection
        self.threadPool = threadPool
        self.database = connection.sql(queryLogLevel: nil)
    }

    /// Opens (creating if needed) the CMDB at `path` and brings its schema up to date.
    public static func open(path: String, busyTimeout: Duration = defaultBusyTimeout) async throws -> SQLiteCMDB {
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw PatchbayError.fileError(
                "the CMDB directory \(directory) does not exist",
                fix: "create it (mkdir -p \(directory)) or point cmdb.sqlite in the configuration elsewhere")
        }
        PrivateFile.create(path)
        let connection: SQLiteConnection
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        do {
            var logger = Logger(label: "patchbay.cmdb")
            logger.logLevel = .critical
            connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger,
                                                         on: MultiThreadedEventLoopGroup.singleton.any()).get()
        } catch {
            try? await threadPool.shutdownGracefully()
            throw PatchbayError.fileError("cannot open the CMDB at \(path): \(error)",
                                          fix: "check that the file is a Patchbay CMDB and that you may read and write it")
        }
        let cmdb = SQLiteCMDB(path: path, connection: connection, threadPool: threadPool)
        do {
            try await cmdb.configure(busyTimeout: busyTimeout)
            try await Migrator(database: cmdb.database).migrate()
        } catch {
            await cmdb.close()
            throw CMDBFailure.wrap(error, path: path)
        }
        return cmdb
    }

    private func configure(busyTimeout: Duration) async throws {
        let millis = busyTimeout.components.seconds * 1000
        // busy_timeout replaces sqlite-nio's spinning busy handler with SQLite's sleeping one.
        try await database.raw("PRAGMA busy_timeout = \(unsafeRaw: String(millis))").run()
        try await database.raw("PRAGMA journal_mode = WAL").run()
        try await database.raw("PRAGMA synchronous = NORMAL").run()
        try await database.raw("PRAGMA foreign_keys = ON").run()
    }

    public func read<T: Sendable>(_ body: (any CMDBSession) async throws -> T) async throws -> T {
        try await transaction(begin: CMDBEngine.sqlite.beginRead[0], body)
    }

    public func write<T: Sendable>(_ body: (any CMDBSession) async throws -> T) async throws -> T {
        try await transaction(begin: CMDBEngine.sqlite.beginWrite[0], body)
    }

    private func transaction<T: Sendable>(begin: String, _ body: (any CMDBSession) async throws -> T) async throws -> T {
        await gate.enter()
        do {
            try await database.raw("\(unsafeRaw: begin)").run()
        } catch {
            await gate.leave()
            throw CMDBFailure.wrap(error, path: path)
        }
        do {
            let result = try await body(SQLSession(database: database, engine: .sqlite))
            try await ending("COMMIT")
            await gate.leave()
            return result
        } catch {
            try? await ending("ROLLBACK")
            await gate.leave()
            throw CMDBFailure.wrap(error, path: path)
        }
    }

    /// Ends the open transaction even when the calling task is cancelled: sqlite-nio's thread pool refuses
    /// work for cancelled tasks, and a ROLLBACK refused that way would leave the connection inside the
    /// transaction, so every later write on it would fail and the last ones be lost when it closes.
    private func ending(_ statement: String) async throws {
        let database = database
        try await Task { try await database.raw("\(unsafeRaw: statement)").run() }.value
    }

    /// The raw database inside one transaction, for whole-CMDB work (the copy to PostgreSQL).
    func withDatabase<T: Sendable>(write: Bool, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let database = database
        return try await (write ? self.write : self.read) { _ in try await body(database) }
    }

    public func exclusiveLock(_ name: String, holder: String) async throws -> any HeldLock {
        // The name may hold a WSUS server's name: only plain characters go into the file's name.
        let file = String(name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._".unicodeScalars.contains(scalar)) ? Character(scalar) : "-"
        })
        return try FileLock.acquire(path: "\(path).\(file).lock", name: name, holder: holder)
    }

    /// Reads one PRAGMA value, for tests and diagnostics.
    public func pragma(_ name: String) async throws -> String? {
        let row = try await database.raw("PRAGMA \(unsafeRaw: name)").first()
        guard let row, let column = row.allColumns.first else { return nil }
        if let text = try? row.decode(column: column, as: String.self) { return text }
        return try? String(row.decode(column: column, as: Int64.self))
    }

    /// The schema versions recorded in the database, oldest first.
    public func appliedMigrations() async throws -> [Int] {
        try await database.raw("SELECT version FROM schema_migrations ORDER BY version").all().map { try $0.decode(column: "version", as: Int.self) }
    }

    public func close() async {
        guard closed.withLock({ wasClosed in defer { wasClosed = true }; return !wasClosed }) else { return }
        try? await connection.close().get()
        try? await threadPool.shutdownGracefully()
    }

    /// sqlite-nio traps when a connection is dropped open; an owner that forgot `close()` (a test that
    /// failed half-way, say) must not take the process down with it.
    deinit {
        if closed.withLock({ !$0 }) {
            let pool = threadPool
            connection.close().whenComplete { _ in pool.shutdownGracefully { _ in } }
        }
    }
}

import Foundation
import PatchbayCore
import PostgresNIO
import SQLKit

/// Applies the migrations a database has not seen yet, all in one write transaction (the writers' lock
/// held), so that several processes opening a new CMDB at once apply each step exactly once.
struct Migrator {
    let database: any SQLDatabase
    var engine = CMDBEngine.sqlite

    func migrate() async throws {
        for statement in engine.beginWrite { try await database.raw("\(unsafeRaw: statement)").run() }
        do {
            try await database.raw("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version BIGINT PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                )
                """).run()
            let applied = Set(try await database.raw("SELECT version FROM schema_migrations").all()
                .map { try $0.decode(column: "version", as: Int.self) })
            if let newest = applied.max(), newest > Migrations.latestVersion {
                throw PatchbayError.fileError(
                    "the CMDB has schema version \(newest), newer than this Patchbay knows (\(Migrations.latestVersion))",
                    fix: "upgrade Patchbay to the version that wrote this CMDB")
            }
            for migration in Migrations.all where !applied.contains(migration.version) {
                try await apply(migration.statements.map(engine.schema))
                try await database.raw("""
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Timestamp.text(Date())))
                    """).run()
            }
            try await database.raw("COMMIT").run()
        } catch {
            try? await database.raw("ROLLBACK").run()
            throw error
        }
    }

    /// Runs one migration's statements. SQLite lets a table refer to one created later in the same migration
    /// (the first schema does); PostgreSQL does not, so there a statement naming a table that does not exist
    /// yet is set aside (inside a savepoint) and run again once the others have gone, in as many rounds as
    /// the references need.
    /// PostgreSQL's SQLSTATE for a table that does not exist (yet).
    static let undefinedTable = "42P01"

    private func apply(_ statements: [String]) async throws {
        guard engine == .postgres else {
            for statement in statements { try await database.raw("\(unsafeRaw: statement)").run() }
            return
        }
        var pending = statements
        while !pending.isEmpty {
            var waiting: [String] = []
            var lastError: (any Error)?
            for statement in pending {
                try await database.raw("SAVEPOINT patchbay_statement").run()
                do {
                    try await database.raw("\(unsafeRaw: statement)").run()
                    try await database.raw("RELEASE SAVEPOINT patchbay_statement").run()
                } catch let error as PSQLError where error.serverInfo?[.sqlState] == Self.undefinedTable {
                    try await database.raw("ROLLBACK TO SAVEPOINT patchbay_statement").run()
                    waiting.append(statement)
                    lastError = error
                }
            }
            if waiting.count == pending.count, let lastError { throw lastError }
            pending = waiting
        }
    }
}

import Foundation
import PatchbayCore
import SQLKit

/// Applies the migrations a database has not seen yet, all in one immediate transaction, so that several
/// processes opening a new CMDB at once apply each step exactly once.
struct Migrator {
    let database: any SQLDatabase

    func migrate() async throws {
        try await database.raw("BEGIN IMMEDIATE").run()
        do {
            try await database.raw("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
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
                for statement in migration.statements {
                    try await database.raw("\(unsafeRaw: statement)").run()
                }
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
}

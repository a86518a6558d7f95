import CMDB
import Foundation
import PatchbayCore
import Testing

@Suite("SQLite CMDB")
struct SQLiteCMDBTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000.123)

    @Test("a new file gets the whole schema, WAL mode, and its migrations recorded once")
    func createsSchema() async throws {
        let folder = try TemporaryFolder()
        let cmdb = try await SQLiteCMDB.open(path: folder.file("cmdb.sqlite"))
        #expect(try await cmdb.appliedMigrations() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
        #expect(try await cmdb.pragma("journal_mode") == "wal")
        #expect(try await cmdb.pragma("foreign_keys") == "1")
        #expect(try await cmdb.pragma("busy_timeout") == "30000")
        await cmdb.close()

        let again = try await SQLiteCMDB.open(path: folder.file("cmdb.sqlite"))
        #expect(try await again.appliedMigrations() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
        await again.close()
    }

    @Test("a CMDB written by the first release is upgraded with migrations 2 to 11 on open, keeping its data")
    func upgradesFromVersionOne() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("cmdb.sqlite")
        let cmdb = try await SQLiteCMDB.open(path: path)
        _ = try await cmdb.write { try await $0.tenants.insert(name: "acme", description: "", at: Self.now) }
        await cmdb.close()
        // Make the file what the first release left: schema 1 only.
        let downgrade = Process()
        downgrade.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        downgrade.arguments = [path, "DROP TABLE job_events; DROP TABLE job_runners; DROP INDEX job_chains_lease; DROP TABLE mail_notifications; DROP INDEX mail_outbox_due; ALTER TABLE servers DROP COLUMN time_zone; ALTER TABLE job_chains DROP COLUMN cancel_reason; ALTER TABLE login_failures DROP COLUMN pending; ALTER TABLE login_failures DROP COLUMN reservation; DROP TABLE cmdb_locks; DROP TABLE install_state_history; DROP TABLE cmdb_changes; DROP INDEX install_states_observed_by_jobs; ALTER TABLE install_states DROP COLUMN source; ALTER TABLE install_states DROP COLUMN observed_at; ALTER TABLE job_chains DROP COLUMN restarts; DROP TABLE discovery_ticks; DROP INDEX job_chains_job; ALTER TABLE job_chains DROP COLUMN lease_host; DELETE FROM schema_migrations WHERE version >= 2;"]
        try downgrade.run()
        downgrade.waitUntilExit()
        #expect(downgrade.terminationStatus == 0)

        let upgraded = try await SQLiteCMDB.open(path: path)
        #expect(try await upgraded.appliedMigrations() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
        #expect(try await upgraded.read { try await $0.jobs.runners() }.isEmpty)
        #expect(try await upgraded.read { try await $0.tenants.all() }.map(\.name) == ["acme"])
        await upgraded.close()
    }

    @Test("a missing directory is a file error naming the directory")
    func missingDirectory() async throws {
        await #expect(throws: PatchbayError.self) {
            try await SQLiteCMDB.open(path: "/nonexistent-patchbay-dir/cmdb.sqlite")
        }
        do {
            _ = try await SQLiteCMDB.open(path: "/nonexistent-patchbay-dir/cmdb.sqlite")
        } catch let error as PatchbayError {
            #expect(error.status == .fileError)
            #expect(error.message.contains("/nonexistent-patchbay-dir"))
        }
    }

    @Test("a file that is not a database is refused as a file error")
    func notADatabase() async throws {
        let folder = try TemporaryFolder()
        try String(repeating: "not sqlite ", count: 200).write(toFile: folder.file("junk.sqlite"), atomically: true, encoding: .utf8)
        do {
            _ = try await SQLiteCMDB.open(path: folder.file("junk.sqlite"))
            Issue.record("opening a text file as CMDB succeeded")
        } catch let error as PatchbayError {
            #expect(error.status == .fileError)
        }
    }

    @Test("a task cancelled inside a transaction rolls it back; the next write on the connection succeeds")
    func cancelledInsideTransaction() async throws {
        let folder = try TemporaryFolder()
        let cmdb = try await SQLiteCMDB.open(path: folder.file("cmdb.sqlite"))
        let cancelled = Task {
            try await cmdb.write { session in
                _ = try await session.tenants.insert(name: "half", description: "", at: Self.now)
                withUnsafeCurrentTask { $0?.cancel() }
                _ = try await session.tenants.insert(name: "never", description: "", at: Self.now)
            }
        }
        await #expect(throws: (any Error).self) { try await cancelled.value }
        try await cmdb.write { session in _ = try await session.tenants.insert(name: "after", description: "", at: Self.now) }
        let names = try await cmdb.read { try await $0.tenants.all().map(\.name) }
        #expect(names == ["after"])
        await cmdb.close()
        let reopened = try await SQLiteCMDB.open(path: folder.file("cmdb.sqlite"))
        #expect(try await reopened.read { try await $0.tenants.all().map(\.name) } == ["after"], "the write after the cancelled one was committed")
        await reopened.close()
    }
}

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
        #expect(try await cmdb.appliedMigrations() == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try await cmdb.pragma("journal_mode") == "wal")
        #expect(try await cmdb.pragma("foreign_keys") == "1")
        #expect(try await cmdb.pragma("busy_timeout") == "30000")
        await cmdb.close()

        let again = try await SQLiteCMDB.open(path: folder.file("cmdb.sqlite"))
        #expect(try await again.appliedMigrations() == [1, 2, 3, 4, 5, 6, 7, 8])
        await again.close()
    }

    @Test("a CMDB written by the first release is upgraded with migrations 2 to 8 on open, keeping its data")
    func upgradesFromVersionOne() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("cmdb.sqlite")
        let cmdb = try await SQLiteCMDB.open(path: path)
        _ = try await cmdb.write { try await $0.tenants.insert(name: "acme", description: "", at: Self.now) }
        await cmdb.close()
        // Make the file what the first release left: schema 1 only.
        let downgrade = Process()
        downgrade.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        downgrade.arguments = [path, "DROP TABLE job_events; DROP TABLE job_runners; DROP INDEX job_chains_lease; DROP TABLE mail_notifications; DROP INDEX mail_outbox_due; ALTER TABLE servers DROP COLUMN time_zone; ALTER TABLE job_chains DROP COLUMN cancel_reason; ALTER TABLE login_failures DROP COLUMN pending; DROP TABLE install_state_history; DROP TABLE cmdb_changes; DROP INDEX install_states_observed_by_jobs; ALTER TABLE install_states DROP COLUMN source; ALTER TABLE install_states DROP COLUMN observed_at; ALTER TABLE job_chains DROP COLUMN restarts; DELETE FROM schema_migrations WHERE version >= 2;"]
        try downgrade.run()
        downgrade.waitUntilExit()
        #expect(downgrade.terminationStatus == 0)

        let upgraded = try await SQLiteCMDB.open(path: path)
        #expect(try await upgraded.appliedMigrations() == [1, 2, 3, 4, 5, 6, 7, 8])
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

    @Test("a write that throws leaves nothing behind")
    func rollback() async throws {
        let folder = try TemporaryFolder()
        let cmdb = try await SQLiteCMDB.open(path: folder.file("cmdb.sqlite"))
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await cmdb.write { session in
                _ = try await session.tenants.insert(name: "acme", description: "", at: Self.now)
                throw Boom()
            }
        }
        let tenants = try await cmdb.read { try await $0.tenants.all() }
        #expect(tenants.isEmpty)
        await cmdb.close()
    }

    @Test("tenants, users and servers round-trip with every field")
    func roundTrip() async throws {
        let folder = try TemporaryFolder()
        let cmdb = try await SQLiteCMDB.open(path: folder.file("cmdb.sqlite"))
        let stored = try await cmdb.write { session -> Server in
            let tenant = try await session.tenants.insert(name: "グローベックス", description: "Japan", at: Self.now)
            for id in ["b-user", "a-user"] {
                try await session.users.insert(User(id: id, role: .tenantUser, tenantID: tenant.id, email: "\(id)@x.example",
                                                     language: .ja, passwordHash: "hash-\(id)", locked: false,
                                                     createdAt: Self.now, updatedAt: Self.now))
            }
            return try await session.servers.insert(
                NewServer(ipAddress: "2001:db8::5", name: "GLX-WEB01", tenantID: tenant.id, owners: ["b-user", "a-user"],
                          hostName: "glx-web01", osName: "Windows Server 2022", wsusComputerName: "glx-web01.globex.example"),
                at: Self.now)
        }
        let (server, users, tenant) = try await cmdb.read { session in
            (try await session.servers.named("GLX-WEB01"), try await session.users.all(), try await session.tenants.named("グローベックス"))
        }
        #expect(server == stored)
        #expect(server?.owners == ["b-user", "a-user"], "owner order is kept")
        #expect(users.map(\.id) == ["a-user", "b-user"])
        #expect(users.first?.language == .ja)
        #expect(tenant?.createdAt == Date(timeIntervalSince1970: 1_795_000_000.123))
        let owned = try await cmdb.read { try await $0.users.ownedServerNames(id: "a-user") }
        #expect(owned == ["GLX-WEB01"])
        await cmdb.close()
    }

    @Test("the schema refuses a tenant role without a tenant and a server of an unknown tenant")
    func constraints() async throws {
        let folder = try TemporaryFolder()
        let cmdb = try await SQLiteCMDB.open(path: folder.file("cmdb.sqlite"))
        await #expect(throws: (any Error).self) {
            try await cmdb.write { session in
                try await session.users.insert(User(id: "u", role: .tenantUser, tenantID: nil, email: "u@x.example", language: .en,
                                                     passwordHash: "h", locked: false, createdAt: Self.now, updatedAt: Self.now))
            }
        }
        await #expect(throws: (any Error).self) {
            try await cmdb.write { session in
                _ = try await session.servers.insert(
                    NewServer(ipAddress: "192.0.2.1", name: "S", tenantID: 99, owners: [], hostName: "", osName: "", wsusComputerName: ""),
                    at: Self.now)
            }
        }
        await cmdb.close()
    }

    @Test("audit records filter by time, actor and tenant, newest N shown oldest first")
    func auditFilter() async throws {
        let folder = try TemporaryFolder()
        let cmdb = try await SQLiteCMDB.open(path: folder.file("cmdb.sqlite"))
        try await cmdb.write { session in
            for minute in 0..<10 {
                try await session.audit.append(AuditRecord(
                    at: Self.now.addingTimeInterval(Double(minute) * 60), actor: minute.isMultiple(of: 2) ? "#COMMAND" : "sato",
                    tenant: minute < 5 ? "acme" : "globex", operation: "op\(minute)",
                    parameters: [AuditParameter("n", String(minute))], outcome: minute == 9 ? .failure : .success,
                    message: minute == 9 ? "boom" : nil))
            }
        }
        let all = try await cmdb.read { try await $0.audit.list(AuditFilter()) }
        #expect(all.map(\.operation) == (0..<10).map { "op\($0)" })
        #expect(all.last?.outcome == .failure && all.last?.message == "boom")
        #expect(all.first?.parameters == [AuditParameter("n", "0")])
        let recent = try await cmdb.read { try await $0.audit.list(AuditFilter(since: Self.now.addingTimeInterval(7 * 60))) }
        #expect(recent.map(\.operation) == ["op7", "op8", "op9"])
        let sato = try await cmdb.read { try await $0.audit.list(AuditFilter(actor: "sato", tenant: "acme")) }
        #expect(sato.map(\.operation) == ["op1", "op3"])
        let lastTwo = try await cmdb.read { try await $0.audit.list(AuditFilter(limit: 2)) }
        #expect(lastTwo.map(\.operation) == ["op8", "op9"])
        await cmdb.close()
    }

    @Test("two connections writing at once to one file both succeed, nothing lost")
    func concurrentWriters() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("cmdb.sqlite")
        let first = try await SQLiteCMDB.open(path: path)
        let second = try await SQLiteCMDB.open(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (prefix, cmdb) in [("a", first), ("b", second)] {
                group.addTask {
                    for index in 0..<40 {
                        try await cmdb.write { session in
                            _ = try await session.tenants.insert(name: "\(prefix)\(index)", description: "", at: Self.now)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let count = try await first.read { try await $0.tenants.all().count }
        #expect(count == 80)
        await first.close()
        await second.close()
    }

    @Test("concurrent tasks sharing one connection never interleave transactions")
    func sharedConnection() async throws {
        let folder = try TemporaryFolder()
        let cmdb = try await SQLiteCMDB.open(path: folder.file("cmdb.sqlite"))
        struct Boom: Error {}
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    _ = try? await cmdb.write { session in
                        _ = try await session.tenants.insert(name: "t\(index)", description: "", at: Self.now)
                        await Task.yield()
                        if index.isMultiple(of: 2) { throw Boom() }
                    }
                }
            }
        }
        let names = Set(try await cmdb.read { try await $0.tenants.all().map(\.name) })
        #expect(names == Set((0..<20).filter { !$0.isMultiple(of: 2) }.map { "t\($0)" }))
        await cmdb.close()
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

import CMDB
import Foundation
import PatchbayCore
import Testing

/// What every CMDB must do, on SQLite and on PostgreSQL alike: the same repositories, the same transactions.
@Suite("CMDB on both engines")
struct CMDBStoreTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000.123)

    @Test("a write that throws leaves nothing behind", arguments: Engine.allCases)
    func rollback(engine: Engine) async throws {
        let place = try TestCMDB(engine)
        let cmdb = try await place.open()
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

    @Test("tenants, users and servers round-trip with every field", arguments: Engine.allCases)
    func roundTrip(engine: Engine) async throws {
        let place = try TestCMDB(engine)
        let cmdb = try await place.open()
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

    @Test("the schema refuses a tenant role without a tenant and a server of an unknown tenant", arguments: Engine.allCases)
    func constraints(engine: Engine) async throws {
        let place = try TestCMDB(engine)
        let cmdb = try await place.open()
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

    @Test("audit records filter by time, actor and tenant, newest N shown oldest first", arguments: Engine.allCases)
    func auditFilter(engine: Engine) async throws {
        let place = try TestCMDB(engine)
        let cmdb = try await place.open()
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
        // Read in pages of 3 (as `audit list` reads, a page at a time): the same records in the same order.
        for filter in [AuditFilter(), AuditFilter(actor: "#COMMAND"), AuditFilter(limit: 7), AuditFilter(tenant: "globex", limit: 4)] {
            let whole = try await cmdb.read { try await $0.audit.list(filter) }
            var pages: [[String]] = []
            try await cmdb.read { session in try await session.audit.forEachPage(filter, count: 3) { pages.append($0.map(\.operation)) } }
            #expect(pages.flatMap { $0 } == whole.map(\.operation), "\(filter)")
            #expect(pages.allSatisfy { $0.count <= 3 } && pages.count == (whole.count + 2) / 3)
        }
        #expect(try await cmdb.read { try await $0.audit.list(AuditFilter(limit: 7)) }.map(\.operation) == (3..<10).map { "op\($0)" })
        await cmdb.close()
    }

    @Test("two processes writing at once to one CMDB both succeed, nothing lost", arguments: Engine.allCases)
    func concurrentWriters(engine: Engine) async throws {
        let place = try TestCMDB(engine)
        let first = try await place.open()
        let second = try await place.open()
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

    @Test("concurrent tasks sharing one connection never interleave transactions", arguments: Engine.allCases)
    func sharedConnection(engine: Engine) async throws {
        let place = try TestCMDB(engine)
        let cmdb = try await place.open()
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
}

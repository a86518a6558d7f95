import CMDB
import Foundation
import PatchbayCore
import Testing
import TestSupport

/// The CMDB on a real PostgreSQL server (the throwaway cluster `make test` starts): its schema, processes
/// starting at once, and one clear message for each way of not getting in.
@Suite("PostgreSQL CMDB")
struct PostgresCMDBTests {
    @Test("a new database gets the whole schema with its migrations recorded once; five processes opening it at once do not race")
    func createsSchema() async throws {
        let place = try TestCMDB(.postgres)
        let stores = try await withThrowingTaskGroup(of: (any CMDBStore).self) { group in
            for _ in 0..<5 { group.addTask { try await place.open() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(try await TestCMDB.migrations(stores[0]) == Array(1...11))
        let settings = try #require(place.settings)
        #expect(try TestCMDB.psql(settings, "SELECT count(*) FROM schema_migrations").trimmingCharacters(in: .whitespacesAndNewlines) == "11")
        #expect(try TestCMDB.psql(settings, "SELECT data_type FROM information_schema.columns WHERE table_name = 'jobs' AND column_name = 'id'")
            .trimmingCharacters(in: .whitespacesAndNewlines) == "bigint")
        for store in stores { await store.close() }
    }

    @Test("a schema newer than this build is refused, naming both versions")
    func newerSchema() async throws {
        let place = try TestCMDB(.postgres)
        await (try await place.open()).close()
        try TestCMDB.psql(try #require(place.settings), "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')")
        let error = await #expect(throws: PatchbayError.self) { try await place.open() }
        #expect(error?.status == .fileError)
        #expect(error?.message == "the CMDB has schema version 99, newer than this Patchbay knows (11)")
    }

    @Test("a named lock holds across processes (hosts) of one database, names its holder, and is freed when its holder's session dies")
    func namedLock() async throws {
        let place = try TestCMDB(.postgres)
        let hostA = try await place.open(), hostB = try await place.open()
        let held = try await hostA.exclusiveLock("discovery", holder: "pid 4242 on mgmt01, started 2026-12-07 10:00:00: patchbay update-info --repository")
        let refused = await #expect(throws: PatchbayError.self) { _ = try await hostB.exclusiveLock("discovery", holder: "pid 7 on mgmt02") }
        #expect(refused?.status == .conflict)
        #expect(refused?.message == "discovery is already running: pid 4242 on mgmt01, started 2026-12-07 10:00:00: patchbay update-info --repository")
        let other = try await hostB.exclusiveLock("another", holder: "pid 7 on mgmt02")
        other.release()
        held.release()
        var taken: (any HeldLock)?
        for _ in 0..<50 where taken == nil {
            taken = try? await hostB.exclusiveLock("discovery", holder: "pid 7 on mgmt02")
            if taken == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(taken != nil, "released, the lock is free")
        // mgmt02 dies holding it: the server ends its session, and the lock with it.
        let settings = try #require(place.settings)
        try TestCMDB.psql(settings, "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
        let again = try await hostA.exclusiveLock("discovery", holder: "pid 4243 on mgmt01")
        again.release()
        await hostA.close()
        await hostB.close()
    }

    /// The message opening `settings` gives.
    func refusal(_ settings: PostgresSettings) async -> PatchbayError? {
        await #expect(throws: PatchbayError.self) { _ = try await PostgresCMDB.open(settings) }
    }

    @Test("a wrong password, a server that does not answer and a missing database each give one message naming host, port, user and database, and the fix")
    func clearRefusals() async throws {
        let server = try TestCMDB.cluster()
        let target = "PostgreSQL at \(server.host):\(server.port) (user \(server.user), database \(server.database))"

        var wrong = server
        wrong.password = "not the password"
        let denied = await refusal(wrong)
        #expect(denied?.status == .fileError)
        #expect(denied?.message.hasPrefix("\(target) refused the login:") == true, "\(denied?.message ?? "")")
        #expect(denied?.fix?.contains("cmdb.postgres.password_file") == true)
        #expect(denied?.message.contains("not the password") == false, "the password is never shown")

        var missing = server
        missing.url.database = "patchbay_no_such_database"
        let absent = await refusal(missing)
        #expect(absent?.message == "PostgreSQL at \(server.host):\(server.port) (user \(server.user), database patchbay_no_such_database) has no database patchbay_no_such_database")
        #expect(absent?.fix?.hasPrefix("create it (createdb -O \(server.user) patchbay_no_such_database)") == true)

        var stopped = server
        stopped.url.port = try Self.closedPort()
        let silent = await refusal(stopped)
        #expect(silent?.message.hasPrefix("cannot connect to PostgreSQL at 127.0.0.1:\(stopped.port) (user \(server.user), database \(server.database)):") == true,
                "\(silent?.message ?? "")")
        #expect(silent?.fix == "check that the server runs and listens on 127.0.0.1:\(stopped.port) (cmdb.postgres.url)")

    }

    @Test("TLS: require connects, verify-full with the server's authority connects, verify-full with another authority is refused clearly")
    func tls() async throws {
        let place = try TestCMDB(.postgres)
        var settings = try #require(place.settings)
        let authority = try #require(ProcessInfo.processInfo.environment["PATCHBAY_TEST_POSTGRES_CA_FILE"])
        settings.tls = .require
        await (try await PostgresCMDB.open(settings)).close()
        settings.tls = .verifyFull
        settings.caFile = authority
        let verified = try await PostgresCMDB.open(settings)
        #expect(try await verified.read { try await $0.tenants.all() }.isEmpty)
        await verified.close()

        let stranger = place.folder + "/stranger"
        try TestCertificates.make(in: stranger)
        settings.caFile = stranger + "/ca.pem"
        let refused = await refusal(settings)
        #expect(refused?.status == .fileError)
        #expect(refused?.message.hasPrefix("cannot talk TLS with PostgreSQL at \(settings.host):\(settings.port) (user \(settings.user), database \(settings.database))") == true,
                "\(refused?.message ?? "")")
        #expect(refused?.fix == "check cmdb.postgres.ca_file and that the server's certificate names \(settings.host)")
    }

    @Test("the URL names user, host, port and database and never a password")
    func urls() {
        #expect(PostgresSettings.parse(url: "postgres://patchbay@db01.corp.example:5433/cmdb")! == ("db01.corp.example", 5433, "patchbay", "cmdb"))
        #expect(PostgresSettings.parse(url: "postgresql://patchbay@db01/cmdb")! == ("db01", 5432, "patchbay", "cmdb"))
        #expect(PostgresSettings.parse(url: "postgres://patchbay:secret@db01/cmdb") == nil, "a password in the URL is refused")
        #expect(PostgresSettings.parse(url: "postgres://db01/cmdb") == nil, "the user is required")
        #expect(PostgresSettings.parse(url: "postgres://patchbay@db01") == nil, "the database is required")
        #expect(PostgresSettings.parse(url: "mysql://patchbay@db01/cmdb") == nil)
    }

    /// A loopback port nothing listens on.
    static func closedPort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

import CMDB
import Foundation
import PatchbayCore
import Testing

/// On both engines: the same repositories over SQLite and PostgreSQL must behave alike.
@Suite("Job repository")
struct JobRepositoryTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    /// A CMDB with one tenant and `servers` servers, and a job over all of them.
    func setUp(_ place: TestCMDB, servers: Int = 2, scheduledAt: Date? = nil) async throws -> (any CMDBStore, Job) {
        let cmdb = try await place.open()
        let job = try await cmdb.write { session -> Job in
            let tenant = try await session.tenants.insert(name: "acme", description: "", at: Self.now)
            var chains: [JobChain] = []
            for index in 0..<servers {
                let server = try await session.servers.insert(
                    NewServer(ipAddress: "192.0.2.\(index + 1)", name: "SRV\(index)", tenantID: tenant.id, owners: [], hostName: "", osName: "", wsusComputerName: ""),
                    at: Self.now)
                chains.append(JobChain(serverID: server.id, serverName: server.name, kinds: Job.Options(reboot: true).processKinds))
            }
            return try await session.jobs.insert(Job(
                ownerID: "acme-user", tenantID: tenant.id, patches: [Job.Patch(key: PatchKey(updateID: "f0826899-5cbf-5bfc-adeb-2b22ce381145", revisionNumber: 200), kb: "KB5033118")],
                scheduledAt: scheduledAt, options: Job.Options(reboot: true, monitorSeconds: 600), chains: chains, createdAt: Self.now, updatedAt: Self.now))
        }
        return (cmdb, job)
    }

    @Test("a job round-trips with its patches, options, chains and processes", arguments: Engine.allCases)
    func roundTrip(engine: Engine) async throws {
        let place = try TestCMDB(engine)
        let (cmdb, job) = try await setUp(place)
        let loaded = try #require(try await cmdb.read { try await $0.jobs.job(id: job.id) })
        #expect(loaded == job)
        #expect(loaded.chains.map(\.serverName) == ["SRV0", "SRV1"])
        #expect(loaded.chains[0].processes.map(\.kind) == [.scheduleStandby, .operationCheck, .patchApplication, .reboot, .verification])
        #expect(loaded.state == .scheduled)
        #expect(try await cmdb.read { try await $0.jobs.list(state: .scheduled, limit: 10) }.map(\.id) == [job.id])
        await cmdb.close()
    }

    @Test("a chain is claimed only when its job is due, by one runner at a time, and again after its lease expires", arguments: Engine.allCases)
    func leases(engine: Engine) async throws {
        let place = try TestCMDB(engine)
        let (cmdb, _) = try await setUp(place, servers: 1, scheduledAt: Self.now.addingTimeInterval(3600))
        #expect(try await cmdb.write { try await $0.jobs.claimChain(runner: "a", host: "mgmt01", clock: .fixed(Self.now), leaseSeconds: 30, perTenantLimit: 100) } == nil,
                "not due yet")
        let later = Self.now.addingTimeInterval(3601)
        let first = try #require(try await cmdb.write { try await $0.jobs.claimChain(runner: "a", host: "mgmt01", clock: .fixed(later), leaseSeconds: 30, perTenantLimit: 100) })
        #expect(try await cmdb.write { try await $0.jobs.claimChain(runner: "b", host: "mgmt01", clock: .fixed(later), leaseSeconds: 30, perTenantLimit: 100) } == nil,
                "the lease holds it")
        #expect(try await cmdb.write { try await $0.jobs.renewLease(chainID: first.chain.id, runner: "b", clock: .fixed(later), seconds: 60) } == false)
        // Runner a dies; once its lease runs out, runner b takes the chain over.
        let afterExpiry = later.addingTimeInterval(31)
        let second = try #require(try await cmdb.write { try await $0.jobs.claimChain(runner: "b", host: "mgmt01", clock: .fixed(afterExpiry), leaseSeconds: 30, perTenantLimit: 100) })
        #expect(second.chain.id == first.chain.id)
        var chain = first.chain
        _ = chain.start(at: afterExpiry)
        await #expect(throws: PatchbayError.self) {
            try await cmdb.write { try await $0.jobs.saveChain(chain, jobID: first.job.id, runner: "a", at: afterExpiry) }
        }
        await cmdb.close()
    }

    @Test("a runner's save cannot undo an operator's cancel made between two processes", arguments: Engine.allCases)
    func cancelBetweenProcesses(engine: Engine) async throws {
        let place = try TestCMDB(engine)
        let (cmdb, job) = try await setUp(place, servers: 1)
        let claimed = try #require(try await cmdb.write { try await $0.jobs.claimChain(runner: "a", host: "mgmt01", clock: .fixed(Self.now), leaseSeconds: 30, perTenantLimit: 100) })
        var runnerCopy = claimed.chain
        _ = runnerCopy.start(at: Self.now)
        runnerCopy.finish(.succeeded, at: Self.now, message: "ok")
        try await cmdb.write { try await $0.jobs.saveChain(runnerCopy, jobID: job.id, runner: "a", at: Self.now) }
        var operatorCopy = runnerCopy
        try operatorCopy.apply(.cancel, at: Self.now)
        try await cmdb.write { try await $0.jobs.saveChain(operatorCopy, jobID: job.id, runner: nil, at: Self.now) }
        _ = runnerCopy.start(at: Self.now)
        await #expect(throws: PatchbayError.self) {
            try await cmdb.write { try await $0.jobs.saveChain(runnerCopy, jobID: job.id, runner: "a", at: Self.now) }
        }
        #expect(try await cmdb.read { try await $0.jobs.job(id: job.id) }?.state == .cancelled)
        await cmdb.close()
    }

    @Test("progress is saved with the job's derived state", arguments: Engine.allCases)
    func progress(engine: Engine) async throws {
        let place = try TestCMDB(engine)
        let (cmdb, job) = try await setUp(place, servers: 1)
        let claimed = try #require(try await cmdb.write { try await $0.jobs.claimChain(runner: "a", host: "mgmt01", clock: .fixed(Self.now), leaseSeconds: 30, perTenantLimit: 100) })
        var chain = claimed.chain
        while let kind = chain.start(at: Self.now) {
            chain.finish(kind == .patchApplication ? .failed : .succeeded, at: Self.now, message: kind == .patchApplication ? "0x80070643" : "ok", output: "log of \(kind.rawValue)\n")
            if kind == .patchApplication { break }
        }
        try await cmdb.write { try await $0.jobs.saveChain(chain, jobID: job.id, runner: "a", at: Self.now) }
        let loaded = try #require(try await cmdb.read { try await $0.jobs.job(id: job.id) })
        #expect(loaded.state == .waitingForAction)
        #expect(loaded.chains[0].processes.first { $0.kind == .patchApplication }?.message == "0x80070643")
        #expect(try await cmdb.read { try await $0.jobs.list(state: .waitingForAction, limit: 5) }.count == 1)
        #expect(try await cmdb.write { try await $0.jobs.claimChain(runner: "b", host: "mgmt01", clock: .fixed(Self.now.addingTimeInterval(60)), leaseSeconds: 30, perTenantLimit: 100) } == nil,
                "a chain waiting for action is not run")
        await cmdb.close()
    }

    @Test("two runners on two connections claiming at once never get the same chain", arguments: Engine.allCases)
    func concurrentClaims(engine: Engine) async throws {
        let place = try TestCMDB(engine)
        let (first, _) = try await setUp(place, servers: 20)
        let second = try await place.open()
        let ids = await withTaskGroup(of: [Int64].self) { group in
            for (runner, cmdb) in [("a", first), ("b", second)] {
                group.addTask {
                    var mine: [Int64] = []
                    while let chain = try? await cmdb.write({ try await $0.jobs.claimChain(runner: runner, host: "mgmt01", clock: .fixed(Self.now), leaseSeconds: 300, perTenantLimit: 100) }) {
                        mine.append(chain.chain.id)
                    }
                    return mine
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(ids.count == 20)
        #expect(Set(ids).count == 20)
        await first.close()
        await second.close()
    }

    @Test("a tenant never holds more live leases than its limit, across runners", arguments: Engine.allCases)
    func perTenantLimit(engine: Engine) async throws {
        let place = try TestCMDB(engine)
        let (cmdb, _) = try await setUp(place, servers: 6)
        func claim(_ runner: String) async throws -> ClaimedChain? {
            try await cmdb.write { try await $0.jobs.claimChain(runner: runner, host: "mgmt01", clock: .fixed(Self.now), leaseSeconds: 30, perTenantLimit: 2) }
        }
        let first = try #require(try await claim("a"))
        _ = try #require(try await claim("b"))
        #expect(try await claim("a") == nil, "the tenant already has two chains running")
        #expect(try await claim("c") == nil, "the limit holds for every runner")
        try await cmdb.write { try await $0.jobs.releaseChain(chainID: first.chain.id, runner: "a") }
        #expect(try await claim("c") != nil, "a released chain frees a place")
        await cmdb.close()
    }

    @Test("leases, heartbeats and the runners' liveness go by the database's clock: stamped in the statement, the same for every host",
          arguments: Engine.allCases)
    func databaseClock(engine: Engine) async throws {
        let place = try TestCMDB(engine)
        let (hostA, job) = try await setUp(place, servers: 1)
        let hostB = try await place.open()
        let before = Date()
        let claimed = try #require(try await hostA.write {
            try await $0.jobs.claimChain(runner: "mgmt01:1:1", host: "mgmt01", clock: .database, leaseSeconds: 30, perTenantLimit: 100)
        })
        let after = Date()
        // The test database runs on this machine's clock; a busy machine may take a while between the statements.
        #expect(claimed.leaseExpiresAt >= before.addingTimeInterval(29) && claimed.leaseExpiresAt <= after.addingTimeInterval(31),
                "lease stamped now + 30 s: \(claimed.leaseExpiresAt)")
        #expect(try await hostB.write {
            try await $0.jobs.claimChain(runner: "mgmt02:1:1", host: "mgmt02", clock: .database, leaseSeconds: 30, perTenantLimit: 100)
        } == nil, "the other host sees the lease live by the same clock")
        #expect(try await hostA.write { try await $0.jobs.renewLease(chainID: claimed.chain.id, runner: "mgmt01:1:1", clock: .database, seconds: 30) })
        let stored = try #require(try await hostB.read { try await $0.jobs.job(id: job.id) })
        #expect(stored.chains.count == 1)
        try await hostA.write { try await $0.jobs.heartbeat(runner: "mgmt01:1:1", host: "mgmt01", pid: 1, leaseSeconds: 30, clock: .database) }
        try await hostB.write { try await $0.jobs.heartbeat(runner: "mgmt02:1:1", host: "mgmt02", pid: 1, leaseSeconds: 30, clock: .database) }
        try await hostB.write { try await $0.jobs.runnerStopped(id: "mgmt02:1:1", clock: .database) }
        let (runners, databaseNow) = try await hostA.read { session in (try await session.jobs.runners(), try await session.jobs.databaseNow()) }
        #expect(Set(runners.map(\.host)) == ["mgmt01", "mgmt02"])
        #expect(runners.allSatisfy { $0.heartbeatAt >= before.addingTimeInterval(-1) && $0.heartbeatAt <= databaseNow })
        #expect(RunnerHost.summarize(runners, now: databaseNow) == [RunnerHost(host: "mgmt01", alive: true)],
                "a runner that stopped cleanly is not listed")
        await hostA.close()
        await hostB.close()
    }
}

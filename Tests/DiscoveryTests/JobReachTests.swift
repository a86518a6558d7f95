import CMDB
import Foundation
import PatchbayCore
import Services
import Testing

/// Jobs follow their servers: a server that moves to another tenant (or owner) leaves every job its old owner
/// made on it (real SQLite file, real simulator, the real job runner).
@Suite("Jobs follow their servers")
struct JobReachTests {
    func refusal(_ body: () async throws -> Void) async -> PatchbayError? {
        do { try await body(); return nil } catch let error as PatchbayError { return error } catch { return PatchbayError(.unexpected, "\(error)") }
    }

    @Test("a scheduled job of tenant A on a server moved to tenant B is stopped with the reason; A sees it, B sees it and may not act")
    func scheduledJobMoves() async throws {
        let fixture = try await DiscoveryFixture()
        let (owner, job) = try await fixture.scheduledJob()
        _ = try await UserService(context: fixture.context(), hasher: PasswordHasher(rounds: 1_000))
            .add(.init(id: "globex-admin", role: .tenantAdmin, tenant: "globex", email: "globex-admin@example.com", language: .en), password: "long enough secret")

        let updated = try await ServerService(context: fixture.context()).update(name: "ACME-DB01", .init(tenant: "globex", owners: ["globex-user"]))
        #expect(updated.stopped == [ChainStop(jobID: job.id, server: "ACME-DB01", reason: "server moved to tenant globex", stoppedNow: true)])

        let seenByOwner = try await owner.show(jobID: job.id)
        #expect(seenByOwner.state == .cancelled)
        #expect(seenByOwner.chains.map(\.cancelReason) == ["server moved to tenant globex"])
        #expect(seenByOwner.chains[0].processes.allSatisfy { $0.state == .cancelled && $0.message == "server moved to tenant globex" })
        let events = try await fixture.store.read { try await $0.jobs.events(jobID: job.id) }
        #expect(events.map(\.kind) == [.accepted, .serverStopped, .cancelled])
        let mail = try await fixture.store.read { try await $0.mail.list(state: nil, limit: 10) }
        #expect(mail.contains { $0.recipient == "acme-user@example.com" && $0.subject == "[Patchbay] Job \(job.id): ACME-DB01 was stopped"
            && $0.body.contains("ACME-DB01: server moved to tenant globex.") })

        for user in ["globex-user", "globex-admin"] {
            let newTenant = try await fixture.jobs(as: user)
            #expect(try await newTenant.list().map(\.id) == [job.id], "\(user) sees the job that touches its server now")
            #expect(try await newTenant.show(jobID: job.id).chains.map(\.serverName) == ["ACME-DB01"])
            for action in JobChain.Action.allCases {
                let refused = await refusal { _ = try await newTenant.act(action, jobID: job.id) }
                #expect(refused?.status == .notPermitted, "\(user) \(action) \(String(describing: refused))")
            }
            #expect(await refusal { _ = try await newTenant.rerunFailed(jobID: job.id, channel: .console) }?.status == .notPermitted)
        }
        let rerun = await refusal { _ = try await owner.rerunFailed(jobID: job.id, channel: .console) }
        #expect(rerun?.message == "job \(job.id) has no failed or cancelled servers to re-run; out of its owner's reach now: ACME-DB01 (server moved to tenant globex)")
        #expect(try await fixture.store.read { try await $0.jobs.list(state: nil, limit: 10) }.count == 1, "nothing was re-run")
        await fixture.stop()
    }

    @Test("a waiting chain whose server changed owner refuses retry and continue for the job's owner")
    func waitingChainChangesOwner() async throws {
        let fixture = try await DiscoveryFixture()
        let (owner, job) = try await fixture.scheduledJob()
        // The chain fails its operation check and waits for action, as a runner would leave it.
        var chain = job.chains[0]
        _ = chain.start(at: Date())
        chain.finish(.succeeded, at: Date(), message: "started")
        _ = chain.start(at: Date())
        chain.finish(.failed, at: Date(), message: "unreachable")
        let stored = chain
        _ = try await fixture.store.write { try await $0.jobs.saveChain(stored, jobID: job.id, runner: nil, at: Date()) }
        // The owner loses the server inside the same tenant, without ServerService (as a direct CMDB change would).
        try await fixture.store.write { session in
            var server = try #require(try await session.servers.named("ACME-DB01"))
            server.owners = []
            try await session.servers.update(server)
        }
        for action in [JobChain.Action.retry, .continue, .cancel] {
            let refused = await refusal { _ = try await owner.act(action, jobID: job.id) }
            #expect(refused?.status == .badArguments && refused?.message.contains("ACME-DB01: acme-user no longer owns the server") == true,
                    "\(action): \(String(describing: refused))")
        }
        #expect(try await fixture.store.read { try await $0.jobs.job(id: job.id) }?.state == .waitingForAction, "nothing was done")
        await fixture.stop()
    }
}

@Suite("Jobs follow their servers: the runner")
struct JobReachRunnerTests {
    @Test("a server moved while its patch installs: the install finishes, no further process runs, the chain ends cancelled with the reason")
    func movedWhileInstalling() async throws {
        let fixture = try await DiscoveryFixture(scenario: JobRunnerTests.scenario)
        let csv = (1...2).map { "10.1.0.\($0),FLEET\($0),acme,acme-user,fleet\($0),Windows Server 2022,fleet\($0).acme.example" }.joined(separator: "\n")
        _ = try await ServerService(context: fixture.context()).importFile(Data(csv.utf8), source: "fleet.csv")
        try await fixture.discover()
        try fixture.simulator.control.configureFleet(computer: "fleet1.acme.example") { behaviour, _ in behaviour.installDuration = .milliseconds(1500) }
        let job = try await fixture.jobs(as: "acme-user").apply(.init(servers: ["FLEET1", "FLEET2"], patches: ["KB5033118"], channel: .console))
        let log = LogLines()
        let runner = try JobRunnerTests().runner(fixture.store, fixture, id: "runner-a", log: log)
        let work = Task { await runner.run() }

        func fleet1() async throws -> JobChain? {
            try await fixture.store.read { try await $0.jobs.job(id: job.id) }?.chains.first { $0.serverName == "FLEET1" }
        }
        for _ in 0..<100 {
            if try await fleet1()?.processes.contains(where: { $0.kind == .patchApplication && $0.state == .running }) == true { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let updated = try await ServerService(context: fixture.context()).update(name: "FLEET1", .init(tenant: "globex", owners: ["globex-user"]))
        #expect(updated.stopped == [ChainStop(jobID: job.id, server: "FLEET1", reason: "server moved to tenant globex", stoppedNow: false)],
                "an installing chain is not interrupted")
        _ = try await fixture.finishedState(of: job.id, seconds: 10)
        work.cancel()
        await work.value
        let finished = try #require(try await fixture.store.read { try await $0.jobs.job(id: job.id) })
        let moved = try #require(finished.chains.first { $0.serverName == "FLEET1" })
        #expect(moved.state == .cancelled && moved.cancelReason == "server moved to tenant globex")
        #expect(moved.processes.first { $0.kind == .patchApplication }?.state == .succeeded, "the install that had begun finished")
        #expect(moved.processes.first { $0.kind == .verification }?.state == .cancelled, "no process started after the move")
        #expect(finished.chains.first { $0.serverName == "FLEET2" }?.state == .completed)
        let installs = fixture.simulator.control.installCounts()
        #expect(installs.count == 2 && installs.values.allSatisfy { $0 == ["KB5033118": 1] }, "each server installed once: \(installs)")
        let events = try await fixture.store.read { try await $0.jobs.events(jobID: job.id) }
        #expect(events.contains { $0.kind == .serverStopped && $0.serverName == "FLEET1" })
        await fixture.stop()
    }
}

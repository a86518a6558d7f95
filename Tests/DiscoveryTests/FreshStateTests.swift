import Adapters
import CMDB
import Foundation
import PatchbayCore
import Services
import Testing
import WSUS
import WSUSSimulator

/// What a job sees on a server reaches the CMDB with the job's result, and a later discovery keeps the newest
/// observation: a real CMDB file, the real simulator over HTTP, the simulated agent and a real job runner.
@Suite("Fresh install states")
struct FreshStateTests {
    /// Runs acme-user's job for KB5033371 (which needs a restart) on ACME-DB01, with the restart, to its end.
    static func applied(_ fixture: DiscoveryFixture) async throws -> Job {
        try await fixture.discover()
        let job = try await fixture.jobs(as: "acme-user").apply(.init(servers: ["ACME-DB01"], patches: ["KB5033371"], options: Job.Options(reboot: true),
                                                                                  channel: .console))
        let client = try WSUSClient(settings: WSUSConnectionSettings(name: "wsus01", baseURL: URL(string: fixture.simulator.baseURL)!,
                                                                     username: "CORP\\svc-patchbay", password: "Wsus-Secret-1", timeoutSeconds: 10))
        let runner = JobRunner(context: fixture.context(), settings: RunnerSettings(id: "runner-a", host: "test", concurrency: 2, perTenant: 2, lease: .seconds(5),
                                                                                     pollInterval: .milliseconds(50), verifyInterval: .milliseconds(100)),
                               agent: SimulatedAgent(simulators: ["wsus01": URL(string: fixture.simulator.baseURL)!]),
                               states: WSUSInstallStateReader(clients: [client]), log: { _ in })
        let work = Task { await runner.run() }
        // A generous deadline: on two cores, blocking end-to-end suites can hold the cooperative pool (and this runner) for a while.
        let state = try await fixture.finishedState(of: job.id, seconds: 120)
        work.cancel()
        await work.value
        #expect(state == .completed)
        return job
    }

    static func row(_ fixture: DiscoveryFixture) async throws -> PatchInfoRow {
        try #require(try await fixture.rows(PatchInfoFilter(server: "ACME-DB01", patch: "KB5033371")).first)
    }

    @Test("a finished job's observation is in the CMDB at once, with 'job N' as its source, in the history, and the counter moved")
    func observationWritten() async throws {
        let fixture = try await DiscoveryFixture()
        let before = try await fixture.store.read { try await $0.installStates.changeCounter() }
        let job = try await Self.applied(fixture)
        let row = try await Self.row(fixture)
        #expect(row.state == .installed)
        #expect(row.source == "job \(job.id)")
        #expect(row.observedAt != nil)

        let server = try #require(try await fixture.store.read { try await $0.servers.named("ACME-DB01") })
        let history = try await fixture.store.read { try await $0.installStates.history(serverID: server.id, limit: 10) }
        // The install saw it waiting for the restart, the verification after the restart saw it installed.
        #expect(history.map { "\($0.kb) \($0.old?.rawValue ?? "-")>\($0.new.rawValue) \($0.source)" }
                == ["KB5033371 pending-reboot>installed job \(job.id)", "KB5033371 not-installed>pending-reboot job \(job.id)"])
        let change = try #require(history.first)
        #expect(try await fixture.store.read { try await $0.installStates.changeCounter() } > before)

        // The tenant's user reads the same history through the service; another tenant's user cannot see the server.
        let acmeUser = PatchQueryService(context: fixture.context(try await fixture.identity("acme-user")))
        let seen = try await acmeUser.stateHistory(server: "ACME-DB01")
        #expect(seen.first == change)
        // A console's refresh of what it already shows reads the same, and leaves no audit record.
        let records = { try await fixture.store.read { try await $0.audit.list(AuditFilter()) }.filter { $0.operation == "server history" }.count }
        let audited = try await records()
        #expect(try await acmeUser.stateHistory(server: "ACME-DB01", audited: false) == seen)
        #expect(try await records() == audited && audited >= 1)
        let refused = await #expect(throws: PatchbayError.self) {
            try await PatchQueryService(context: fixture.context(try await fixture.identity("globex-user"))).stateHistory(server: "ACME-DB01")
        }
        #expect(refused?.message == "there is no server 'ACME-DB01' you may see")
        await fixture.stop()
    }

    @Test("a discovery whose WSUS report predates the job's look does not put the state back; a newer report does")
    func newestObservationWins() async throws {
        let fixture = try await DiscoveryFixture()
        let job = try await Self.applied(fixture)
        let observed = try #require(try await Self.row(fixture).observedAt)

        // WSUS has not heard from the client since before the install: its last report still says not installed.
        try fixture.simulator.control.setInstallState(computer: "acme-db01.acme.example", update: "KB5033371", state: .notInstalled,
                                                      at: observed.addingTimeInterval(-120))
        try await fixture.discover()
        var row = try await Self.row(fixture)
        #expect(row.state == .installed, "an older WSUS report does not undo what the job saw")
        #expect(row.source == "job \(job.id)")

        // The client reports again, newer than the job's look, and agrees: the state becomes WSUS's.
        try fixture.simulator.control.setInstallState(computer: "acme-db01.acme.example", update: "KB5033371", state: .installed,
                                                      at: Date().addingTimeInterval(1))
        try await fixture.discover()
        row = try await Self.row(fixture)
        #expect(row.state == .installed && row.source == "discovery")

        // A newer report that disagrees (the update was removed) wins too, and the history says who saw what.
        try fixture.simulator.control.setInstallState(computer: "acme-db01.acme.example", update: "KB5033371", state: .notInstalled,
                                                      at: Date().addingTimeInterval(2))
        try await fixture.discover()
        row = try await Self.row(fixture)
        #expect(row.state == .notInstalled && row.source == "discovery")
        let server = try #require(try await fixture.store.read { try await $0.servers.named("ACME-DB01") })
        let history = try await fixture.store.read { try await $0.installStates.history(serverID: server.id, limit: 10) }
        #expect(history.map { "\($0.old?.rawValue ?? "-")>\($0.new.rawValue) \($0.source)" }
                == ["installed>not-installed discovery", "pending-reboot>installed job \(job.id)", "not-installed>pending-reboot job \(job.id)"])
        await fixture.stop()
    }

    @Test("the change counter moves with discovery that changes something, and stays when nothing changed")
    func counterFollowsChanges() async throws {
        let fixture = try await DiscoveryFixture()
        let counter = { try await fixture.store.read { try await $0.installStates.changeCounter() } }
        let start = try await counter()
        try await fixture.discover()
        let afterFirst = try await counter()
        #expect(afterFirst > start)
        try await fixture.discover()
        #expect(try await counter() == afterFirst, "a discovery that found nothing new does not make consoles reload")
        try fixture.simulator.control.setInstallState(computer: "acme-web01.acme.example", update: "KB5033371", state: .failed, at: Date())
        try await fixture.discover()
        #expect(try await counter() > afterFirst)
        await fixture.stop()
    }
}

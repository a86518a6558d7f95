import Adapters
import CMDB
import Foundation
import PatchbayCore
import Services
import Synchronization
import Testing
import WSUS
import WSUSSimulator

/// Lines a runner logged, collected across its tasks.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var claims: [String] { lines.withLock { $0 }.filter { $0.hasSuffix(" claimed") } }
}

/// Job runners on a real CMDB file with the simulated agent driving the real simulator over HTTP.
@Suite("Job runner")
struct JobRunnerTests {
    static let fleetSize = 20

    static let scenario: String = {
        var yaml = """
            server:
              users:
                - {name: 'CORP\\svc-patchbay', password: 'Wsus-Secret-1', role: administrator}
            computers:

            """
        for index in 1...fleetSize {
            yaml += "  - {name: fleet\(index).acme.example, ip: 10.1.0.\(index), os: Windows Server 2022, last_sync: 1h, last_report: 1h}\n"
        }
        return yaml + "approvals:\n  - {update: KB5033118, group: All Computers}\n"
    }()

    func runner(_ store: SQLiteCMDB, _ fixture: DiscoveryFixture, id: String, log: LogLines) throws -> JobRunner {
        // A lease far longer than the job: on two busy cores the cooperative pool can stall a runner for seconds, and
        // a lease that ran out then would (rightly) hand its chain to the other runner. Takeover has its own tests.
        let settings = RunnerSettings(id: id, host: "test", concurrency: 3, perTenant: 6, lease: .seconds(60), pollInterval: .milliseconds(100),
                                      verifyInterval: .milliseconds(200))
        let client = try WSUSClient(settings: WSUSConnectionSettings(name: "wsus01", baseURL: URL(string: fixture.simulator.baseURL)!,
                                                                     username: "CORP\\svc-patchbay", password: "Wsus-Secret-1", timeoutSeconds: 10))
        return JobRunner(context: ServiceContext(store: store, principal: .managementServer), settings: settings,
                         agent: SimulatedAgent(simulators: ["wsus01": URL(string: fixture.simulator.baseURL)!]),
                         states: WSUSInstallStateReader(clients: [client]), log: { log.append($0) })
    }

    @Test("two runners on one CMDB file share a 20-server job: every chain runs once, every patch is installed once")
    func twoRunners() async throws {
        let fixture = try await DiscoveryFixture(scenario: Self.scenario)
        let csv = (1...Self.fleetSize).map { "10.1.0.\($0),FLEET\($0),acme,acme-user,fleet\($0),Windows Server 2022,fleet\($0).acme.example" }
            .joined(separator: "\n")
        _ = try await ServerService(context: fixture.context()).importFile(Data(csv.utf8), source: "fleet.csv")
        try await fixture.discover()
        let job = try await JobService(context: fixture.context(try await fixture.identity("dual")))
            .apply(.init(servers: (1...Self.fleetSize).map { "FLEET\($0)" }, patches: ["KB5033118"], channel: .command))
        for index in [3, 7] {
            try fixture.simulator.control.configureFleet(computer: "fleet\(index).acme.example") { behaviour, _ in behaviour.installDuration = .milliseconds(300) }
        }

        let second = try await SQLiteCMDB.open(path: fixture.folder + "/cmdb.sqlite")
        let logA = LogLines(), logB = LogLines()
        let runners = [try runner(fixture.store, fixture, id: "runner-a", log: logA), try runner(second, fixture, id: "runner-b", log: logB)]
        let work = Task {
            await withTaskGroup(of: Void.self) { group in
                for runner in runners { group.addTask { await runner.run() } }
            }
        }
        let state = try await fixture.finishedState(of: job.id, seconds: 120)
        work.cancel()
        await work.value
        #expect(state == .completed)

        let claims = logA.claims + logB.claims
        #expect(claims.count == Self.fleetSize, "each chain claimed exactly once: \(claims)")
        #expect(Set(claims).count == Self.fleetSize)
        #expect(!logA.claims.isEmpty && !logB.claims.isEmpty, "both runners took work")
        let counts = fixture.simulator.control.installCounts()
        #expect(counts.count == Self.fleetSize && counts.values.allSatisfy { $0 == ["KB5033118": 1] })
        let finished = try #require(try await fixture.store.read { try await $0.jobs.job(id: job.id) })
        #expect(finished.chains.allSatisfy { chain in chain.processes.allSatisfy { $0.state == .succeeded && !$0.output.contains("resumed") } })
        let runnersSeen = try await fixture.store.read { try await $0.jobs.runners() }
        #expect(Set(runnersSeen.map(\.id)) == ["runner-a", "runner-b"] && runnersSeen.allSatisfy { $0.stoppedAt != nil })
        let events = try await fixture.store.read { try await $0.jobs.events(jobID: job.id) }.map(\.kind)
        #expect(events == [.accepted, .completed])
        await second.close()
        await fixture.stop()
    }
}

import Foundation
import PatchbayCore
import Services
import Testing
import WSUS

/// The background work of `daemon` and `demo` on a real CMDB file and the simulator: discovery first, then a
/// job the runner carries out, until cancelled.
@Suite("Background work")
struct BackgroundWorkTests {
    @Test("started, it discovers first and runs a job to its end; cancelled, every part stops")
    func startAndStop() async throws {
        let fixture = try await DiscoveryFixture()
        let log = LogLines()
        let source = try fixture.source()
        let scheduler = DiscoveryScheduler(context: fixture.context(), entries: [.init(source: source, schedule: try CronSchedule("0 0 1 1 *"))],
                                           holder: "test", log: { log.append($0) })
        let runner = try JobRunnerTests().runner(fixture.store, fixture, id: "background-test", log: log)
        let work = BackgroundWork(scheduler: scheduler, runner: runner, mailer: nil, discoverFirst: [source]).start()

        let deadline = Date().addingTimeInterval(60)
        while try await fixture.store.read({ try await $0.discovery.runs(limit: 1) }).isEmpty, Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try await fixture.store.read { try await $0.discovery.runs(limit: 1) }.first?.succeeded == true, "discovered before the schedule")
        let job = try await fixture.jobs(as: "acme-user").apply(.init(servers: ["ACME-DB01"], patches: ["KB5033371"], options: .init(monitorSeconds: 30),
                                                                      channel: .console))
        var state = job.state
        while !state.isFinished, Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            state = try await fixture.store.read { try await $0.jobs.job(id: job.id) }?.state ?? state
        }
        #expect(state == .completed, "the runner carried the job out")

        work.cancel()
        let stopped = Date()
        await work.value
        #expect(Date().timeIntervalSince(stopped) < 30, "every part stops once cancelled")
        await fixture.stop()
    }
}

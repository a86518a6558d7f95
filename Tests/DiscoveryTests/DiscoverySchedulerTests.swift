import Foundation
import PatchbayCore
import Services
import Synchronization
import Testing

@Suite("Discovery schedule")
struct DiscoverySchedulerTests {
    @Test("the scheduler sleeps until the next cron time, then discovers the servers due")
    func schedule() async throws {
        let fixture = try await DiscoveryFixture()
        let now = ISO8601DateFormatter().date(from: "2026-11-29T09:02:30Z")!
        let context = ServiceContext(store: fixture.store, principal: .managementServer, now: { now })
        let sleeps = Mutex<[Duration]>([])
        let lines = Mutex<[String]>([])
        let scheduler = DiscoveryScheduler(
            context: context, entries: [.init(source: try fixture.source(), schedule: try CronSchedule("*/5 * * * *"))], holder: "test",
            log: { line in lines.withLock { $0.append(line) } },
            sleep: { duration in
                // The first sleep is allowed; the second ends the loop, as a SIGTERM would.
                let count = sleeps.withLock { $0.append(duration); return $0.count }
                if count > 1 { throw CancellationError() }
            })
        let next = scheduler.nextRuns(after: now)
        #expect(next.first?.at == ISO8601DateFormatter().date(from: "2026-11-29T09:05:00Z"))
        await scheduler.run()
        #expect(sleeps.withLock { $0.first } == .seconds(150))
        let runs = try await fixture.store.read { try await $0.discovery.runs(limit: 10) }
        #expect(runs.count == 1 && runs.first?.succeeded == true)
        #expect(lines.withLock { $0.contains { $0.hasPrefix("discovery wsus01: +") } })
        await fixture.stop()
    }

    @Test("two daemons (hosts) on one CMDB following the same schedule: the run due at a time is taken by one, the other logs who has it")
    func oneDaemonPerRun() async throws {
        let fixture = try await DiscoveryFixture()
        let now = ISO8601DateFormatter().date(from: "2026-11-29T09:02:30Z")!
        let context = ServiceContext(store: fixture.store, principal: .managementServer, now: { now })
        let lines = Mutex<[String]>([])
        func scheduler(_ holder: String) throws -> DiscoveryScheduler {
            DiscoveryScheduler(context: context, entries: [.init(source: try fixture.source(), schedule: try CronSchedule("*/5 * * * *"))],
                               holder: holder, log: { line in lines.withLock { $0.append("\(holder): \(line)") } },
                               sleep: { _ in })
        }
        let first = try scheduler("pid 1 on mgmt01"), second = try scheduler("pid 2 on mgmt02")
        let due = try #require(first.nextRuns(after: now).first?.at)
        #expect(await first.taken(first.entries.map(\.source), at: due).map(\.name) == ["wsus01"])
        #expect(await second.taken(second.entries.map(\.source), at: due).isEmpty)
        #expect(lines.withLock { $0 } == ["pid 2 on mgmt02: discovery wsus01: this run is taken by pid 1 on mgmt01"])
        let later = try #require(second.nextRuns(after: due).first?.at)
        #expect(await second.taken(second.entries.map(\.source), at: later).map(\.name) == ["wsus01"], "the next due time is a run of its own")
        await fixture.stop()
    }
}

import CMDB
import Foundation
import PatchbayCore
import Testing

/// On both engines: several daemons (hosts) following the same discovery schedule run each due time once.
@Suite("Scheduled discovery runs")
struct ScheduledRunTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("a scheduled discovery run is taken by the first daemon to ask, from any host; the next due time is a new run", arguments: Engine.allCases)
    func scheduledRuns(engine: Engine) async throws {
        let place = try TestCMDB(engine)
        let hostA = try await place.open(), hostB = try await place.open()
        let due = Self.now
        let first = try await hostA.write { try await $0.discovery.claimScheduledRun(wsusServer: "wsus01", dueAt: due, claimant: "pid 1 on mgmt01", at: due) }
        let second = try await hostB.write { try await $0.discovery.claimScheduledRun(wsusServer: "wsus01", dueAt: due, claimant: "pid 2 on mgmt02", at: due) }
        #expect(first == "pid 1 on mgmt01" && second == "pid 1 on mgmt01")
        let other = try await hostB.write { try await $0.discovery.claimScheduledRun(wsusServer: "wsus02", dueAt: due, claimant: "pid 2 on mgmt02", at: due) }
        #expect(other == "pid 2 on mgmt02", "each WSUS server's run is its own")
        let next = try await hostB.write {
            try await $0.discovery.claimScheduledRun(wsusServer: "wsus01", dueAt: due.addingTimeInterval(3600), claimant: "pid 2 on mgmt02", at: due)
        }
        #expect(next == "pid 2 on mgmt02")
        await hostA.close()
        await hostB.close()
    }
}

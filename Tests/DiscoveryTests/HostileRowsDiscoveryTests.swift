import Foundation
import PatchbayCore
import Services
import Testing
import TestSupport
import WSUSSimulator

/// The simulator serves, over the real protocol, an update whose KB holds PowerShell code and one whose id is
/// not a GUID (HostileCatalog); discovery skips both, names them in the run's record, and stores nothing of them.
@Suite("Discovery of rows that are not WSUS's shape")
struct HostileRowsDiscoveryTests {
    @Test("the two rows are skipped, counted and named; no update, approval, state or supersedence of theirs is stored")
    func skipsAndStoresNothing() async throws {
        let fixture = try await DiscoveryFixture(scenario: HostileCatalog.scenario)
        let catalog = fixture.simulator.state.snapshot()
        let hostileID = try #require(catalog.update(kb: HostileCatalog.hostileKB)?.id)
        let superseding = try #require(catalog.update(kb: "KB5099002")?.id)

        let report = try #require(try await fixture.discover().first)
        #expect(report.run.succeeded)
        #expect(report.skipped.map(\.reason) == [HostileCatalog.kbReason + String(hostileID.prefix(8)) + "…)", HostileCatalog.idReason])
        #expect(report.changes?.newPatches.count == catalog.updates.count - 2)
        #expect(report.changes?.newApprovals.map(\.patch.updateID).sorted() == [catalog.update(kb: "KB5033118")!.id, superseding].sorted())
        let recorded = try #require(try await fixture.store.read { try await $0.discovery.runs(limit: 1) }.first)
        #expect(recorded.details.hasSuffix("; " + SkippedUpdate.summary(report.skipped)))
        #expect(recorded.details.contains("skipped 2 updates: " + HostileCatalog.kbReason))

        let dump = try fixture.fingerprint()
        for trace in [hostileID, HostileCatalog.nonGUIDID, "Remove-Item", "KB5099001", "5099001"] {
            #expect(!dump.contains(trace), "the CMDB holds \(trace)")
        }
        let rows = try await fixture.rows(PatchInfoFilter(server: "ACME-WEB01", patch: "KB5099002"))
        #expect(rows.first?.approval == "approved" && rows.first?.state == "not-installed", "the well-formed rows beside them are stored")
        #expect(dump.contains("INSERT INTO update_supersedence VALUES('\(catalog.update(kb: "KB5099002")!.id)'") == false,
                "its only edge pointed at the update without a GUID")
        await fixture.stop()
    }

    @Test("a re-run skips them again and changes nothing")
    func rerun() async throws {
        let fixture = try await DiscoveryFixture(scenario: HostileCatalog.scenario)
        try await fixture.discover()
        let before = try fixture.fingerprint()
        let again = try #require(try await fixture.discover().first)
        #expect(again.skipped.count == 2)
        #expect(again.run.added == 0 && again.run.changed == 0 && again.run.removed == 0)
        #expect(try fixture.fingerprint() == before)
        await fixture.stop()
    }
}

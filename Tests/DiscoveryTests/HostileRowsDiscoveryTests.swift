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
        #expect(recorded.details.hasSuffix("; " + SkippedRow.summary(report.skipped)))
        #expect(recorded.details.contains("skipped 2 updates: " + HostileCatalog.kbReason))

        let dump = try fixture.fingerprint()
        for trace in [hostileID, HostileCatalog.nonGUIDID, "Remove-Item", "KB5099001", "5099001"] {
            #expect(!dump.contains(trace), "the CMDB holds \(trace)")
        }
        let rows = try await fixture.rows(PatchInfoFilter(server: "ACME-WEB01", patch: "KB5099002"))
        #expect(rows.first?.approval == .approved && rows.first?.state == .notInstalled, "the well-formed rows beside them are stored")
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

    /// Well-formed XML whose values are out of bounds: a 70,000-character title, release dates in 2999 and
    /// 1900, a computer that last reported in 2999 (9999 is WSUS's "never").
    static let outOfBounds = """
        server:
          users:
            - {name: 'CORP\\svc-patchbay', password: 'Wsus-Secret-1', role: administrator}
        catalog:
          seed: none
          updates:
            - {kb: KB5099201, title: '\(String(repeating: "x", count: 70_000))', products: [Windows Server 2022]}
            - {kb: KB5099202, title: 'Released in 2999', released: '2999-01-01', products: [Windows Server 2022]}
            - {kb: KB5099203, title: 'Released in 1900', released: '1900-01-01', products: [Windows Server 2022]}
            - {kb: KB5099204, title: 'A well-formed update', released: '2023-12-12', products: [Windows Server 2022]}
        groups:
          - {name: Production}
        computers:
          - {name: acme-web01.acme.example, ip: 192.0.2.11, os: Windows Server 2022, groups: [Production], last_sync: 2h, last_report: 3h}
          - {name: acme-app01.acme.example, ip: 192.0.2.12, os: Windows Server 2022, groups: [Production], last_sync: 2h, last_report: 2999-01-01T00:00:00Z}
        approvals:
          - {update: KB5099201, group: Production}
          - {update: KB5099202, group: Production}
          - {update: KB5099203, group: Production}
          - {update: KB5099204, group: Production}
        """

    @Test("rows out of bounds are skipped and counted by kind; the well-formed ones beside them are stored")
    func outOfBoundsRows() async throws {
        let fixture = try await DiscoveryFixture(scenario: Self.outOfBounds)
        let report = try #require(try await fixture.discover().first)
        #expect(report.run.succeeded, "\(report.run.error ?? "")")
        let reasons = report.skipped.map(\.reason)
        #expect(report.skipped.map(\.kind) == [.update, .update, .update, .computer], "\(reasons)")
        #expect(reasons.contains { $0.hasPrefix("update KB5099201 (") && $0.hasSuffix("title has 70000 characters (at most 1000)") }, "\(reasons)")
        #expect(reasons.contains { $0.hasPrefix("update KB5099202 (") && $0.contains("release date 2999-01-01T00:00:00") && $0.contains("is not between 1990-01-01 and") })
        #expect(reasons.contains { $0.hasPrefix("update KB5099203 (") && $0.contains("release date 1900-01-01") })
        #expect(reasons.contains { $0.hasPrefix("computer 'acme-app01.acme.example': last report 2999-01-01") })
        let recorded = try #require(try await fixture.store.read { try await $0.discovery.runs(limit: 1) }.first)
        #expect(recorded.details.contains("skipped 3 updates: ") && recorded.details.contains("; skipped 1 computer: computer 'acme-app01"))

        let dump = try fixture.fingerprint()
        for trace in ["KB5099201", "5099201", "5099202", "5099203", "acme-app01", String(repeating: "x", count: 1_001)] {
            #expect(!dump.contains(trace), "the CMDB holds \(trace.prefix(20))")
        }
        let rows = try await fixture.rows(PatchInfoFilter(server: "ACME-WEB01", patch: "KB5099204"))
        #expect(rows.first?.approval == .approved, "the well-formed update and computer are stored")
        await fixture.stop()
    }
}

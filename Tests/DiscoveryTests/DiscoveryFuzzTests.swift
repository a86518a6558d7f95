import Foundation
import PatchbayCore
import PropertyBased
import Services
import Testing
import TestSupport
import WSUSSimulator

/// Discovery against a simulator that damages one real response per run (the `mutate` fault, seeded): a
/// hostile value in one text node, or a cut, a changed byte, a doubled piece. Every run either succeeds and
/// stores only rows within RowBounds, or fails with a documented error and leaves the CMDB as it was.
@Suite("Discovery of damaged WSUS responses, fuzzed")
struct DiscoveryFuzzTests {
    static let operations = ["*", "ExecuteSPSearchUpdates", "ExecuteSPGetDeployments", "ExecuteSPGetAllTargetGroups", "ExecuteSPSearchComputers",
                             "ExecuteSPGetSummariesPerComputer", "ExecuteSPGetUpdateInstallationInfoForComputer", "ExecuteSPGetUpdatesSupersededByUpdate"]

    @Test("a damaged response never crashes or hangs discovery; a refused run changes nothing, an accepted one stores rows in bounds")
    func damagedResponses() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        let deadline = FuzzScale.deadline(40)
        var outcomes = (accepted: 0, refused: 0)
        await propertyCheck(count: FuzzScale.cases(120), input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 0...(Self.operations.count - 1))) { seed, pick in
            guard Date() < deadline else { return }
            let operation = Self.operations[pick]
            let before = try fixture.fingerprint()
            fixture.simulator.control.inject(Fault(kind: .mutate, operation: operation, count: 1, seed: seed))
            defer { fixture.simulator.control.clearFaults() }
            let path = fixture.folder + "/cmdb.sqlite"
            let storedUpdates = Set(try sqlite(path, "SELECT update_id || '/' || revision_number FROM updates WHERE retired_at IS NULL"))
            let storedComputers = Set(try sqlite(path, "SELECT computer_id FROM computers WHERE removed_at IS NULL"))
            do {
                let reports = try await fixture.discover()
                outcomes.accepted += 1
                try Self.checkBounds(fixture, "seed \(seed) on \(operation)")
                // A skipped row keeps what the CMDB held of it.
                for row in reports.flatMap(\.skipped) {
                    if row.kind == .update && storedUpdates.contains(row.key) {
                        #expect(try sqlite(path, "SELECT count(*) FROM updates WHERE update_id || '/' || revision_number = '\(row.key)' AND retired_at IS NULL") == ["1"],
                                "seed \(seed) on \(operation): skipping \(row.reason) lost the stored update")
                    }
                    if row.kind == .computer && storedComputers.contains(row.key) {
                        #expect(try sqlite(path, "SELECT count(*) FROM computers WHERE computer_id = '\(row.key)' AND removed_at IS NULL") == ["1"],
                                "seed \(seed) on \(operation): skipping \(row.reason) removed the stored computer")
                    }
                }
            } catch let failure as DiscoveryFailure {
                outcomes.refused += 1
                #expect(try fixture.fingerprint() == before, "seed \(seed) on \(operation): a refused run changed the CMDB")
                #expect(!failure.error.message.isEmpty && failure.error.fix != nil, "seed \(seed) on \(operation)")
            } catch {
                Issue.record("seed \(seed) on \(operation): an undocumented error \(error)")
            }
        }
        #expect(outcomes.refused > 0 && outcomes.accepted > 0, "\(outcomes)")
        await fixture.stop()
    }

    /// What discovery stored respects the documented bounds, read back with the sqlite3 shell.
    static func checkBounds(_ fixture: DiscoveryFixture, _ label: String) throws {
        let path = fixture.folder + "/cmdb.sqlite"
        let latest = UTCTime.iso(Date().addingTimeInterval(RowBounds.futureSeconds))
        let checks = [
            "SELECT count(*) FROM updates WHERE length(title) > \(RowBounds.titleCharacters) OR title = ''",
            "SELECT count(*) FROM computers WHERE length(full_domain_name) > \(RowBounds.fullDomainNameCharacters) OR full_domain_name = ''"
                + " OR length(os_description) > \(RowBounds.nameCharacters) OR last_reported_at < '1990' OR last_reported_at > '\(latest)'",
            "SELECT count(*) FROM approvals WHERE deadline < '1990' OR deadline > '\(latest)' OR length(approved_by) > \(RowBounds.nameCharacters)",
            "SELECT count(*) FROM target_groups WHERE name = '' OR length(name) > \(RowBounds.nameCharacters)",
            "SELECT count(*) FROM updates WHERE length(update_id) <> 36 OR update_id GLOB '*[^0-9a-fA-F-]*'",
            "SELECT count(*) FROM updates WHERE kb_numbers GLOB '*[^0-9,]*' OR revision_number < 1",
            "SELECT count(*) FROM updates WHERE release_date < '1990' OR release_date > '\(latest)'",
            "SELECT count(*) FROM updates WHERE length(description) > \(RowBounds.descriptionCharacters)",
        ]
        for check in checks {
            #expect(try sqlite(path, check) == ["0"], "\(label): \(check)")
        }
    }
}

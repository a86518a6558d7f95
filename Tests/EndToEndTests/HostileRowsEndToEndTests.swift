import Foundation
import Testing
import TestSupport

/// `patchbay update-info` against a `wsus-sim` process whose catalog holds an update with PowerShell code in
/// its KB and one whose id is not a GUID (HostileCatalog): the operator is told what was skipped and why.
@Suite("update-info with rows that are not WSUS's shape")
struct HostileRowsEndToEndTests {
    @Test("update-info prints the skipped count and reasons; the CMDB holds nothing that points at them")
    func skippedRows() throws {
        let home = try DemoHome()
        let simulator = try SimulatorProcess(scenario: try home.write("scenario.yaml", HostileCatalog.scenario))
        let secret = try home.write("wsus01.password", "Wsus-Secret-1\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret)
        try home.configure(wsusURL: simulator.baseURL)

        let result = try home.run("update-info", "--repository")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("; skipped 2 updates: " + HostileCatalog.kbReason), "\(result.stdout)")
        #expect(result.stdout.contains("…); " + HostileCatalog.idReason + "\n"), "\(result.stdout)")
        #expect(result.stdout.contains("the skipped rows were not stored: update ids must be GUIDs, KB numbers digits and every field within its bound; check them on wsus01"))

        #expect(try sqlite(home.cmdb, "SELECT count(*) FROM updates WHERE update_id = 'not-a-guid' OR kb_numbers LIKE '%Remove-Item%'") == ["0"])
        for table in ["approvals", "install_states", "update_supersedence", "wsus_updates"] {
            #expect(try sqlite(home.cmdb, "SELECT count(*) FROM \(table) WHERE update_id NOT IN (SELECT update_id FROM updates)") == ["0"],
                    "\(table) points at an update that is not stored")
        }
        #expect(try sqlite(home.cmdb, "SELECT count(*) FROM update_supersedence WHERE superseded_update_id = 'not-a-guid'") == ["0"])
        #expect(try sqlite(home.cmdb, "SELECT count(*) FROM install_states") != ["0"], "states of the well-formed updates are stored")
        let details = try sqlite(home.cmdb, "SELECT details FROM discovery_runs ORDER BY id DESC LIMIT 1").joined(separator: "\n")
        #expect(details.contains("skipped 2 updates: " + HostileCatalog.kbReason) && details.contains(HostileCatalog.idReason))
        _ = simulator
    }
}

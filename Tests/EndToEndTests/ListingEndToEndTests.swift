import Foundation
import Testing
import TestSupport

/// `patch info` streams its rows: a listing larger than the table's look-ahead, through the real binaries.
@Suite("Streamed listings end to end")
struct ListingEndToEndTests {
    static let scenario = """
        server:
          users:
            - {name: 'CORP\\svc-patchbay', password: 'Wsus-Secret-1', role: administrator}
        catalog: {seed: none}
        generate: {updates: 3000, computers: 120, seed: 3}
        """

    @Test("every row of a large patch info arrives in CSV, JSON, a fitted table and an --output file; a refused listing leaves no file")
    func largeListing() throws {
        let home = try DemoHome()
        let simulator = try SimulatorProcess(scenario: try home.write("scenario.yaml", Self.scenario))
        let secret = try home.write("wsus01.password", "Wsus-Secret-1\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret)
        try home.configure(wsusURL: simulator.baseURL)
        // The generator's computers are gen0.generated.example, … at 10.0.0.0, …
        let servers = (0..<120).map { "10.0.0.\($0),GEN\($0),acme,,gen\($0),,gen\($0).generated.example" }.joined(separator: "\n")
        #expect(try home.run("server", "add", "--file", try home.write("generated.csv", servers)).status == 0)
        #expect(try home.run("update-info", "--repository").status == 0)

        let stored = try sqlite(home.cmdb, """
            SELECT count(*) FROM servers s JOIN computers c ON c.id = s.computer_key JOIN install_states i ON i.computer_key = c.id
            WHERE s.name LIKE 'GEN%'
            """)
        let expected = try #require(Int(stored.first ?? ""))
        try #require(expected > 1_500, "more rows than the table looks ahead at")

        let csv = try home.run("patch", "info", "--tenant", "acme", "--format", "csv")
        #expect(csv.status == 0)
        let csvLines = csv.stdout.split(separator: "\n")
        #expect(csvLines.first?.hasPrefix("tenant,server,kb,") == true)
        #expect(csvLines.filter { $0.hasPrefix("acme,GEN") }.count == expected)
        let genRows = csvLines.dropFirst().filter { $0.hasPrefix("acme,GEN") }.map { String($0.split(separator: ",")[1]) }
        #expect(genRows == genRows.sorted(), "rows come in server order across chunks")

        let json = try home.run("patch", "info", "--tenant", "acme", "--format", "json")
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: String]])
        #expect(objects.count == csvLines.count - 1)
        #expect(objects.filter { $0["server"]?.hasPrefix("GEN") == true }.count == expected)

        let table = try home.run("patch", "info", "--tenant", "acme", environment: ["COLUMNS": "80"])
        let tableLines = table.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(tableLines.count == csvLines.count, "a header and one line per row")
        #expect(tableLines.allSatisfy { $0.count <= 80 }, "rows past the look-ahead are cut to the widths it fixed")
        #expect(tableLines.first?.hasPrefix("SERVER") == true, "columns that do not fit 80 are left out, tenant first")

        let file = home.folder + "/status.csv"
        let written = try home.run("patch", "info", "--tenant", "acme", "--format", "csv", "--output", file)
        #expect(written.stdout.contains("wrote \(csvLines.count - 1) rows to \(file)"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == csv.stdout)

        let refused = home.folder + "/refused.csv"
        let failed = try home.run("patch", "info", "--tenant", "no-such-tenant", "--format", "csv", "--output", refused)
        #expect(failed.status != 0 && failed.stderr.contains("there is no tenant 'no-such-tenant'"))
        #expect(!FileManager.default.fileExists(atPath: refused))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: home.folder).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "no temporary file is left behind")
        _ = simulator
    }
}

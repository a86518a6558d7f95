import Foundation
import Testing

/// The real binaries together: wsus-sim serving, patchbay discovering, and a SOAP client nobody here wrote.
@Suite("WSUS end to end")
struct WSUSEndToEndTests {
    static let scenario = """
        server:
          users:
            - {name: 'CORP\\svc-patchbay', password: 'Wsus-Secret-1', role: administrator}
        groups:
          - {name: Production}
        computers:
          - {name: acme-web01.acme.example, ip: 192.0.2.11, os: Windows Server 2022, groups: [Production], last_sync: 2h, last_report: 3h}
          - {name: glx-web01.globex.example, ip: 198.51.100.21, os: Windows Server 2022, last_sync: 1h, last_report: 1h}
        approvals:
          - {update: KB5033118, group: Production}
        """

    /// A demo home whose configuration points at a wsus-sim process.
    func home(password: String = "Wsus-Secret-1") throws -> (DemoHome, SimulatorProcess) {
        let home = try DemoHome()
        let simulator = try SimulatorProcess(scenario: try home.write("scenario.yaml", Self.scenario))
        let secret = try home.write("wsus01.password", password + "\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret)
        try home.configure(wsusURL: simulator.baseURL)
        return (home, simulator)
    }

    @Test("update-info fills the CMDB from a running WSUS; patch info shows it; a re-run changes nothing")
    func discovery() throws {
        let (home, simulator) = try home()
        let first = try home.run("update-info", "--repository")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("wsus01: +"))
        #expect(first.stdout.contains("2 registered servers linked"))
        let info = try home.run("patch", "info", "--server", "ACME-WEB01", "--patch", "KB5033118", "--format", "json")
        let rows = try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [[String: String]] ?? []
        #expect(rows.count == 1)
        #expect(rows.first?["approval"] == "approved" && rows.first?["state"] == "not-installed" && rows.first?["policy"] == "required")
        let second = try home.run("update-info", "--repository")
        #expect(second.stdout.contains("+0 added, ~0 changed, -0 removed"))
        let notReported = try home.run("patch", "info", "--server", "ACME-APP01", "--format", "csv")
        #expect(notReported.stdout.contains("not-reported-yet"))
        _ = simulator
    }

    @Test("a wrong WSUS password exits 255 with the cause and the fix; the audit log has the failure")
    func badPassword() throws {
        let (home, simulator) = try home(password: "wrong-password")
        let result = try home.run("update-info", "--repository")
        #expect(result.status == 255)
        #expect(result.stderr.contains("refused the credentials"))
        #expect(result.stderr.contains("fix:"))
        #expect(try home.run("audit", "list", "--format", "csv").stdout.contains("update-info"))
        _ = simulator
    }

    @Test("a second update-info while one runs exits 101 and names the running one")
    func conflict() throws {
        let (home, simulator) = try home()
        let lockFile = home.cmdb + ".discovery-of-wsus01.lock"
        try "pid 99999 on ci, started 2026-11-29 09:00:00: patchbay update-info --repository\n".write(toFile: lockFile, atomically: false, encoding: .utf8)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [lockFile, "sleep", "20"]
        try holder.run()
        defer { holder.terminate() }
        Thread.sleep(forTimeInterval: 0.5)
        let result = try home.run("update-info", "--repository")
        #expect(result.status == 101)
        #expect(result.stderr.contains("discovery of wsus01 is already running: pid 99999"))
        _ = simulator
    }

    @Test("zeep (a standard SOAP client, with requests-ntlm) reads the simulator through the real WSDL")
    func zeep() throws {
        let (home, simulator) = try home()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop/zeep_reads_simulator.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, simulator.baseURL, "CORP\\svc-patchbay", "Wsus-Secret-1"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(errors)")
        let read = try JSONSerialization.jsonObject(with: output) as? [String: Any] ?? [:]
        #expect(read["version"] as? String == "10.0.26100.1742")
        #expect(read["operations"] as? Int == 171, "the whole WSDL was loaded")
        #expect(read["computer_names"] as? [String] == ["acme-web01.acme.example", "glx-web01.globex.example"])
        #expect((read["group_names"] as? [String])?.contains("Production") == true)
        #expect((read["kbs"] as? [String])?.contains("5033118") == true)
        #expect((read["fault"] as? String)?.contains("Value cannot be null") == true)
        _ = home
    }
}

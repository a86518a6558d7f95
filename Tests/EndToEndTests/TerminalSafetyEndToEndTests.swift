import Foundation
import Testing
import TestSupport

/// Text from servers and from WSUS that tries to drive the operator's terminal, through the real binaries:
/// every human-readable printer shows it as visible escapes, JSON as JSON escapes, CSV keeps it but
/// neutralises formulas.
@Suite("Terminal escapes from outside text", .serialized)
struct TerminalSafetyEndToEndTests {
    /// A window title, a clipboard write, a clear screen, a one-character CSI and a right-to-left override.
    static let hostile = "\u{1B}]0;pwned\u{07}\u{1B}]52;c;ZWNobyBvd25lZA==\u{07}\u{1B}[2J\u{9B}31m\u{202E}txt.exe\r\n"
    static let rawControls: [Unicode.Scalar] = ["\u{1B}", "\u{07}", "\u{9B}", "\u{202E}", "\r"]

    static func containsRaw(_ text: String) -> Bool {
        text.unicodeScalars.contains { rawControls.contains($0) }
    }

    @Test("job show (table, JSON, XML) and patch apply --wait of a job whose server printed escapes")
    func serverOutput() throws {
        let jobs = try JobHome()
        let output = String(data: try JSONSerialization.data(withJSONObject: [Self.hostile]), encoding: .utf8)!.dropFirst().dropLast()
        try jobs.control("/control/fleet/configure", #"{"computer": "glx-web01.globex.example", "script_output": \#(output)}"#)
        let script = try jobs.home.write("pre.ps1", "Write-Output 'hello'\n")
        try jobs.startDaemon()
        let applied = try jobs.run("patch", "apply", "--user", "infra", "--server", "GLX-WEB01", "--patch", "KB5033118", "--prescript", script, "--wait")
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(!Self.containsRaw(applied.stdout + applied.stderr))
        let id = try #require(JobHome.jobID(applied.stdout))

        let table = try jobs.run("job", "show", String(id))
        #expect(table.status == 0, "\(table.stderr)")
        #expect(!Self.containsRaw(table.stdout), "\(table.stdout.debugDescription)")
        #expect(table.stdout.contains(#"\u{1B}]0;pwned\u{7}\u{1B}]52;c;ZWNobyBvd25lZA==\u{7}\u{1B}[2J\u{9B}31m\u{202E}txt.exe\u{D}"#),
                "\(table.stdout)")

        let json = try jobs.run("job", "show", String(id), "--format", "json")
        #expect(!Self.containsRaw(json.stdout))
        #expect(json.stdout.contains(#"\u001b]0;pwned\u0007"#) && json.stdout.contains(#"\u009b31m\u202etxt.exe\r\n"#), "\(json.stdout)")
        let pre = try #require(jobs.process(try jobs.job(id), server: "GLX-WEB01", kind: "pre-script"))
        #expect((pre["output"] as? String ?? "").hasPrefix(Self.hostile), "a JSON reader gets the text as the server printed it")

        let xml = try jobs.run("job", "show", String(id), "--format", "xml")
        #expect(!Self.containsRaw(xml.stdout))
        #expect(xml.stdout.contains(#"\u{1B}[2J"#))

        let list = try jobs.run("job", "list")
        #expect(list.status == 0 && !Self.containsRaw(list.stdout + list.stderr))
    }

    @Test("patch info and update-info of a WSUS title with C1 and bidi controls; CSV neutralises a formula title")
    func wsusTitles() throws {
        let home = try DemoHome()
        let scenario = #"""
            server:
              users:
                - {name: 'CORP\svc-patchbay', password: 'Wsus-Secret-1', role: administrator}
            catalog:
              updates:
                - {kb: KB5099101, title: "Update \u009B2J\u202Eexe.txt for \u0090Windows", products: [Windows Server 2022], classification: Security Updates}
                - {kb: KB5099102, title: '=HYPERLINK("http://evil.example","open")', products: [Windows Server 2022], classification: Security Updates}
            groups:
              - {name: Production}
            computers:
              - {name: acme-web01.acme.example, ip: 192.0.2.11, os: Windows Server 2022, groups: [Production], last_sync: 2h, last_report: 3h}
            approvals:
              - {update: KB5099101, group: Production}
              - {update: KB5099102, group: Production}
            """#
        let simulator = try SimulatorProcess(scenario: try home.write("scenario-titles.yaml", scenario))
        let secret = try home.write("wsus01.password", "Wsus-Secret-1\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret)
        try home.configure(wsusURL: simulator.baseURL)
        let discovery = try home.run("update-info", "--repository")
        #expect(discovery.status == 0, "\(discovery.stderr)")

        let table = try home.run("patch", "info", "--patch", "KB5099101", environment: ["COLUMNS": "400"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(!Self.containsRaw(table.stdout) && !table.stdout.unicodeScalars.contains("\u{90}"), "\(table.stdout.debugDescription)")
        #expect(table.stdout.contains(#"Update \u{9B}2J\u{202E}exe.txt for \u{90}Windows"#), "\(table.stdout)")

        let json = try home.run("patch", "info", "--patch", "KB5099101", "--format", "json")
        #expect(json.stdout.contains(#"Update \u009b2J\u202eexe.txt for \u0090Windows"#), "\(json.stdout)")

        let csv = try home.run("patch", "info", "--patch", "KB5099102", "--format", "csv")
        #expect(csv.stdout.contains(#","'=HYPERLINK(""http://evil.example"",""open"")","#), "\(csv.stdout)")
        _ = simulator
    }
}

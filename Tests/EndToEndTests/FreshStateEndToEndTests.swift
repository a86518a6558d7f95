import Console
import Foundation
import Testing

/// Views that stay current, tried as a user would: the real console in a pty over a real CMDB file, the real
/// daemon running jobs through the simulated fleet, and other commands changing the CMDB meanwhile.
@Suite("Fresh state end to end", .serialized)
struct FreshStateEndToEndTests {
    static let en = ConsoleStrings(.en)

    /// ACME-WEB01's row in the server list at 80 columns with `required` patches still needed.
    static func webRow(required: Int) -> String { "ACME-WEB01    acme      \(required)     " }

    @Test("a wizard job's install shows its progress in the monitor; when it ends the lists show it within two seconds, no new login; patch info says 'job 1'")
    func listsFollowAJob() throws {
        let jobs = try JobHome()
        // A pace a person can watch, as in the demo (shorter, so the test stays quick).
        try jobs.control("/control/fleet/configure", #"{"computer": "acme-web01.acme.example", "download_ms": 2500, "update_install_ms": 3000}"#)
        try jobs.startDaemon()
        let run = try ConsolePty.drive(jobs.home, [
            .login("acme-user"), .patches(.servers), .expect(Self.en.lastReport), .move(.down, times: 4),
            .expectLine(Self.webRow(required: 1), selected: true),
            .servers(.apply), .expect("(1/6)"), .wizard(.next), .wizard(.next), .wizard(.next), .wizard(.next), .expect(Self.en.enterCreates),
            .wizard(.next), .expect("was created", timeout: 20), .wizard(.openMonitor), .expect("Job 1"),
            .expect("KB5033383 downloading", timeout: 20), .screen,
            .expect("KB5033383 installing", timeout: 20), .screen,
            .expect("Job 1  completed", timeout: 60), .monitor(.back), .expectGone("Job 1  completed"), .monitor(.back),
            // Back on the server list the user had open: ACME-WEB01 needs nothing now, with no key pressed.
            .expectLine(Self.webRow(required: 0), selected: true, timeout: 3.5), .screen,
            .servers(.quit), .exits(),
        ])
        #expect(run.ok, "\(run.report)\n\(jobs.daemonOutput)")
        guard run.screens.count == 3 else { return }
        #expect(run.screens[0].contains("patch-application: KB5033383 downloading"), "\(run.screens[0])")
        #expect(run.screens[1].contains("patch-application: KB5033383 installing"), "\(run.screens[1])")
        let info = try jobs.run("patch", "info", "--server", "ACME-WEB01", "--patch", "KB5033383", "--format", "csv").stdout
        let lines = info.split(separator: "\n")
        #expect(lines.first?.contains("state,source,observed-at") == true, "\(info)")
        #expect(lines.count == 2 && lines[1].contains(",pending-reboot,job 1,"), "installed, waiting for the restart: \(info)")
        let json = try jobs.run("patch", "info", "--server", "ACME-WEB01", "--patch", "KB5033383", "--format", "json").stdout
        #expect(json.contains(#""source": "job 1""#), "\(json)")
    }

    /// A patch's row in the patch list at 80 columns, needed on `needed` servers.
    static func patchRow(_ kb: String, needed: Int) -> String { "\(kb) Critical  required    \(needed)       2023-12" }

    @Test("a change made elsewhere reaches an open console: the filter, the sort and the selection survive the reload; the title bar's time moves")
    func reloadKeepsPlace() throws {
        let jobs = try JobHome()
        // dual sees every server. Sorted by need: KB5033371 (4 servers), KB5033383 (3), KB5033118 (1); the filter keeps these.
        let run = try ConsolePty.drive(jobs.home, [
            .login("dual"), .patches(.startFilter), .type("2023-12"), .patches(.finishFilter), .move(.down, times: 2),
            .expectLine(Self.patchRow("KB5033118", needed: 1), selected: true), .expectLine(Self.patchRow("KB5033371", needed: 4), selected: false),
            .holds("/2023-12", seconds: 1.1), .screen,
            // ACME-APP01 reports KB5033371 installed to WSUS; a discovery run from another terminal stores it.
            .run(["curl", "-s", "-X", "POST", "-H", "Content-Type: application/json", "--data",
                  #"{"computer": "acme-app01.acme.example", "update": "KB5033371", "state": "installed"}"#,
                  jobs.simulator.baseURL + "/control/install-state"]),
            .run([PatchbayBinary.path, "update-info", "--repository"]),
            .expectLine(Self.patchRow("KB5033371", needed: 3), selected: false, timeout: 5),
            .expectLine(Self.patchRow("KB5033118", needed: 1), selected: true), .expect("/2023-12"), .screen,
            .patches(.quit), .exits(),
        ])
        #expect(run.ok, "\(run.report)")
        #expect(run.runs.count == 2 && run.runs.allSatisfy { $0["exit"] as? Int == 0 }, "\(run.runs)")
        guard run.screens.count == 2 else { return }
        let times = run.screens.map(Self.readTime)
        #expect(times[0] != nil && times[1] != nil && times[1]! > times[0]!, "the title bar says the data was read again: \(times)")
        #expect(run.screens[1].contains("NEEDED▼"), "still sorted by need:\n\(run.screens[1])")
    }

    /// "16:42:05" from the title bar's "read 16:42:05".
    static func readTime(_ screen: String) -> String? {
        guard let line = screen.split(separator: "\n").first(where: { $0.contains("Patchbay —") }),
              let range = line.range(of: "read ") else { return nil }
        return String(line[range.upperBound...].prefix(8))
    }
}

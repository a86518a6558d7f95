import Foundation
import Testing

/// The real `patchbay console` in a real pty, its screen read back by pyte (Tests/Interop/console_pty.py).
@Suite("Console end to end", .serialized)
struct ConsoleEndToEndTests {
    struct Run {
        var ok: Bool
        var error: String
        var screens: [String]
        var exit: Int?
        /// What ["cell", row, column] steps saw: the character and its look.
        var cells: [[String: Any]]
        /// What an ["environ"] step read: the program's environment as it runs.
        var environ: [String] = []
        /// What ["run", argv] steps printed, in order: another command run while the console waits.
        var runs: [[String: Any]] = []
    }

    static let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/console_pty.py").path

    func drive(_ home: DemoHome, columns: Int = 80, rows: Int = 24, term: String = "xterm-256color", lang: String = "C.UTF-8",
               arguments: [String] = ["console"], environment: [String] = [], command: [String]? = nil, backtraceSet: Bool = true,
               _ steps: [[Any]]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // The test runner may set NO_COLOR for its own output; the console under test decides for itself.
        // Tests turn crash backtraces off, unless a test checks what the console does without the setting.
        let backtrace = backtraceSet ? ["SWIFT_BACKTRACE=enable=no"] : ["-u", "SWIFT_BACKTRACE"]
        process.arguments = ["-u", "NO_COLOR"] + backtrace + ["TERM=\(term)", "LANG=\(lang)", "PATCHBAY_CONFIG=\(home.config)"] + environment + [
                             "python3", Self.driver, String(columns), String(rows), "--"] + (command ?? [PatchbayBinary.path] + arguments)
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: steps))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return Run(ok: json["ok"] as? Bool ?? false, error: json["error"] as? String ?? "", screens: json["screens"] as? [String] ?? [],
                   exit: json["exit"] as? Int, cells: json["cells"] as? [[String: Any]] ?? [], environ: json["environ"] as? [String] ?? [],
                   runs: json["runs"] as? [[String: Any]] ?? [])
    }

    @Test("`patchbay` alone on a terminal: log in at 80×24, see the approved patches in scope, filter as you type, quit with q (exit 0)")
    func loginAndFilter() throws {
        let home = try DemoHome()
        let run = try drive(home, arguments: [], [
            ["expect", "Log in", 15], ["send", "acme-user\t"], ["send", "patchbay-demo\r"], ["expect", "Patches", 15], ["screen"],
            ["send", "/"], ["send", "5033383"], ["expect", "1 of"], ["screen"], ["send", "\r"],
            ["send", "\t"], ["expect", "LAST REPORT"], ["screen"], ["send", "v"], ["expect", "compliance"], ["screen"],
            ["send", "q"], ["wait_exit", 10],
        ])
        #expect(run.ok, "\(run.error)\n\(run.screens.joined(separator: "\n----\n"))")
        let list = try #require(run.screens.first)
        #expect(list.contains("acme-user") && list.contains("KB5033383") && list.contains("KB5033371"))
        #expect(!list.contains("patchbay-demo"))
        #expect(run.screens.count == 4)
        let status = run.screens[3]
        #expect(status.contains("acme") && status.contains("ACME-WEB01") && !status.contains("GLX-") && status.contains("compliance"), "\(status)")
        let filtered = run.screens[1]
        #expect(filtered.contains("KB5033383") && !filtered.contains("KB5033371"))
        let servers = run.screens[2]
        #expect(servers.contains("ACME-WEB01") && !servers.contains("GLX-"), "only acme-user's servers")
        #expect(servers.split(separator: "\n").first { $0.contains("ACME-FS01") }?.contains("not reported yet") == true)
        // Each server's counts are the approved patches it still needs, as `patch info` lists them.
        for name in ["ACME-WEB01", "ACME-APP01"] {
            let info = try home.run("patch", "info", "--server", name, "--format", "json").stdout
            let rows = try JSONSerialization.jsonObject(with: Data(info.utf8)) as? [[String: String]] ?? []
            let needed = rows.filter { $0["approval"] == "approved" && ["not-installed", "downloaded", "failed"].contains($0["state"] ?? "") }
            let expected = [needed.filter { $0["policy"] == "required" }.count, needed.filter { $0["policy"] != "required" }.count].map(String.init)
            let line = servers.split(separator: "\n").first { $0.contains(name) }.map { $0.split(separator: " ").map(String.init) } ?? []
            #expect(Array(line.dropFirst(2).prefix(2)) == expected, "\(name): \(line) vs \(needed.map { $0["kb"] ?? "" })")
        }
        #expect(run.exit == 0)
        let audit = try home.run("audit", "list", "--format", "csv").stdout
        #expect(audit.contains("acme-user,,login,via=console,SUCCESS"))
    }

    @Test("a wrong password gets one message that never says whether the user exists; the lockout holds even for the right password")
    func wrongPasswordAndLockout() throws {
        let home = try DemoHome()
        let config = try String(contentsOfFile: home.config, encoding: .utf8).replacingOccurrences(of: "attempts: 5", with: "attempts: 2")
        try config.write(toFile: home.config, atomically: true, encoding: .utf8)
        let run = try drive(home, [
            ["expect", "Log in", 15], ["send", "nobody\t"], ["send", "whatever-pass\r"], ["sleep", 3], ["expect", "Login refused"], ["screen"],
            ["send", "\u{1b}"], ["wait_exit", 10],
        ])
        #expect(run.ok, "\(run.error)\n\(run.screens)")
        let unknown = try #require(run.screens.first)
        let locked = try drive(home, [
            // Each answer takes a password check (PBKDF2); wait for it, so the next attempt is not typed while busy.
            ["expect", "Log in", 15], ["send", "acme-user\t"], ["send", "wrong-pass-1\r"], ["sleep", 3], ["expect", "Login refused"],
            ["send", "wrong-pass-2\r"], ["sleep", 3], ["expect", "Login refused"], ["send", "patchbay-demo\r"], ["sleep", 3],
            ["expect", "Login refused"], ["screen"],
            ["send", "\u{1b}"], ["wait_exit", 10],
        ])
        #expect(locked.ok, "\(locked.error)\n\(locked.screens)")
        let lockedScreen = try #require(locked.screens.last)
        let message = { (screen: String) in screen.split(separator: "\n").first { $0.contains("Login refused") }.map(String.init) ?? "" }
        #expect(message(unknown) == message(lockedScreen), "the same words for an unknown user and a locked one")
        #expect(!lockedScreen.contains("Patches"))
        let audit = try home.run("audit", "list", "--user", "acme-user", "--format", "csv").stdout
        #expect(audit.contains("locked for now"))
    }

    @Test("a Japanese user gets the Japanese screens and walks the wizard in Japanese; a too-small window and an unknown TERM get clear messages")
    func japaneseSmallAndUnknownTerm() throws {
        let home = try DemoHome()
        let japanese = try drive(home, lang: "ja_JP.UTF-8", [
            ["expect", "ログイン", 15], ["send", "globex-user\t"], ["send", "patchbay-demo\r"], ["expect", "件中", 15], ["screen"],
            ["send", "q"], ["wait_exit", 10],
        ])
        #expect(japanese.ok, "\(japanese.error)\n\(japanese.screens)")
        #expect(japanese.screens.first?.contains("未適用") == true)
        #expect(japanese.screens.first?.contains("/ 検索") == true && japanese.screens.first?.contains("q 終了") == true,
                "the hint bar speaks Japanese too: \(japanese.screens)")
        // The console runs in UTC; globex's servers are recorded in Asia/Tokyo, so the typed time is Tokyo time.
        let wizard = try drive(home, lang: "ja_JP.UTF-8", environment: ["TZ=UTC"], [
            ["expect", "ログイン", 15], ["send", "globex-user\t"], ["send", "patchbay-demo\r"], ["expect", "件中", 15],
            ["send", "\t"], ["expect", "最終報告"], ["send", "ja"], ["expect", "(1/6)"], ["send", "\r"], ["expect", "(2/6)"], ["screen"],
            ["send", "\r\r"], ["expect", "(4/6)"], ["send", "j "], ["send", "2030-01-15 02:00"], ["expect", "Asia/Tokyo ="], ["screen"],
            ["send", "\r"], ["expect", "(5/6)"], ["sleep", 0.5], ["screen"], ["send", "\r"], ["expect", "を作成しました", 20], ["screen"],
            // The new job in the monitor, cancelled: c asks first, y sends it.
            ["send", "m"], ["expect", "予約済み", 10], ["send", "c"], ["expect", "いいえ"], ["screen"], ["send", "y"], ["expect", "取消済み", 10], ["screen"],
            ["send", "q"], ["wait_exit", 10],
        ])
        #expect(wizard.ok, "\(wizard.error)\n\(wizard.screens.joined(separator: "\n----\n"))")
        #expect(wizard.screens.count == 6)
        guard wizard.screens.count == 6 else { return }
        #expect(wizard.screens[0].contains("必須パッチ（セキュリティ・緊急）"), "\(wizard.screens)")
        #expect(wizard.screens[1].contains("(YYYY-MM-DD HH:MM, Asia/Tokyo)") && wizard.screens[1].contains("2030-01-15 02:00 Asia/Tokyo = 2030-01-14 17:00 UTC"),
                "\(wizard.screens[1])")
        #expect(wizard.screens[2].contains("GLX-APP02") && wizard.screens[2].contains("KB5033371")
                && wizard.screens[2].contains("2030-01-15 02:00 Asia/Tokyo = 2030-01-14 17:00 UTC")
                && wizard.screens[2].contains("Enter でジョブを作成します"), "\(wizard.screens[2])")
        #expect(wizard.screens[3].contains("ジョブ 1 を作成しました。"))
        // m opens the new job at its servers, so c cancels the selected server's part of it.
        #expect(wizard.screens[4].contains("ジョブ 1（GLX-APP02）を取消しますか？") && wizard.screens[4].contains("y はい  他のキー いいえ"), "\(wizard.screens[4])")
        #expect(wizard.screens[4].contains("予約済み  開始 2030-01-14 17:00 UTC ("), "the monitor says when it starts: \(wizard.screens[4])")
        #expect(wizard.screens[5].contains("ジョブ 1（GLX-APP02）: 取消を受け付けました。ジョブの状態: 取消済み"), "\(wizard.screens[5])")
        #expect(wizard.screens[5].contains("'patchbay daemon' が動くまでジョブは待機します"), "the banner fits 80 columns")
        let jobs = try home.run("job", "list", "--format", "csv").stdout
        #expect(jobs.contains("globex-user") && jobs.contains(",2030-01-14 17:00:00,"), "the job starts at 02:00 Tokyo time: \(jobs)")
        #expect(jobs.contains("1,cancelled,globex,globex-user"), "\(jobs)")
        let small = try drive(home, columns: 60, rows: 20, [["expect", "too small", 15], ["send", "\u{1b}"], ["wait_exit", 10]])
        #expect(small.ok, "\(small.error)\n\(small.screens)")
        let unknown = try drive(home, term: "no-such-terminal", [["expect", "unknown", 15], ["screen"], ["wait_exit", 10]])
        #expect(unknown.screens.first?.contains("the terminal type 'no-such-terminal' is unknown") == true, "\(unknown.screens)")
        #expect(unknown.exit == 10)
    }

    @Test("the wizard from the server list: all required patches on one server, now, in 11 keystrokes after login; the job exists, owned by the user")
    func wizardCreatesJob() throws {
        let home = try DemoHome()
        let run = try drive(home, [
            ["expect", "Log in", 15], ["send", "acme-user\t"], ["send", "patchbay-demo\r"], ["expect", "Patches", 15],
            ["send", "\t"], ["expect", "LAST REPORT"], ["send", "jjjj"], ["send", "a"], ["expect", "(1/6)"], ["screen"],
            ["send", "\r"], ["expect", "(2/6)"], ["send", "\r"], ["expect", "(3/6)"], ["screen"], ["send", "\r"], ["expect", "(4/6)"],
            ["send", "\r"], ["expect", "(5/6)"], ["sleep", 0.5], ["screen"], ["send", "\r"], ["expect", "was created", 20], ["screen"],
            ["send", "\r"], ["send", "q"], ["wait_exit", 10],
        ])
        #expect(run.ok, "\(run.error)\n\(run.screens.joined(separator: "\n----\n"))")
        #expect(run.screens.first?.contains("[x] ACME-WEB01") == true, "the selected server is preselected")
        #expect(run.screens.count >= 4)
        let confirm = run.screens[2]
        #expect(confirm.contains("1 server × 1 patch") && confirm.contains("KB5033383"), "\(confirm)")
        #expect(run.screens[3].contains("Job 1 was created."))
        let jobs = try home.run("job", "list", "--format", "csv").stdout
        #expect(jobs.contains("1,scheduled,acme,acme-user,0/1") || jobs.contains("1,running,acme,acme-user"), "\(jobs)")
        let audit = try home.run("audit", "list", "--format", "csv").stdout
        #expect(audit.contains("acme-user,acme,patch apply") || audit.contains("acme-user,,patch apply"), "\(audit)")
    }

    @Test("a wizard job with a pre-script from the scripts folder shows in the monitor running and then completed, refreshed without a key; its server's process log")
    func wizardThenMonitor() throws {
        let jobs = try JobHome(scripts: ["check-disk.ps1": "Get-PSDrive C\n", "drain.ps1": "Stop-Service W3SVC\n"])
        try jobs.startDaemon()
        let run = try drive(jobs.home, [
            ["expect", "Log in", 15], ["send", "acme-user\t"], ["send", "patchbay-demo\r"], ["expect", "Patches", 15],
            ["send", "\t"], ["expect", "LAST REPORT"], ["send", "jjjj"], ["send", "a"], ["expect", "(1/6)"],
            ["send", "\r"], ["expect", "(2/6)"], ["send", "\r"], ["expect", "(3/6)"], ["send", "\r"], ["expect", "(4/6)"],
            ["send", "jjj "], ["expect", "Pre-script: < check-disk.ps1 >"], ["send", "\r"], ["expect", "(5/6)"], ["sleep", 0.5], ["screen"],
            ["send", "\r"], ["expect", "was created", 20],
            ["send", "m"], ["expect", "Job 1", 10], ["screen"], ["expect", "Job 1  completed", 60], ["screen"],
            ["send", "\r"], ["expect", "Job 1 — ACME-WEB01"], ["screen"],
            ["send", "q"], ["wait_exit", 10],
        ])
        #expect(run.ok, "\(run.error)\n\(run.screens.joined(separator: "\n----\n"))\n\(jobs.daemonOutput)")
        guard run.screens.count == 4 else { return }
        #expect(run.screens[0].contains("Pre-script: check-disk.ps1"), "\(run.screens[0])")
        let completed = run.screens[2]
        #expect(completed.contains("ACME-WEB01") && completed.contains("completed") && completed.contains("●●●●●"), "\(completed)")
        let log = run.screens[3]
        #expect(log.contains("● pre-script") && log.contains("● patch-application") && log.contains("succeeded"), "\(log)")
        #expect(try jobs.installCounts()["acme-web01.acme.example"] == ["KB5033383": 1])
        let shown = try jobs.run("job", "show", "1", "--format", "json").stdout
        #expect(shown.contains("Get-PSDrive C"), "the script's text went with the job: \(shown)")
    }

    @Test("a resize in the middle of the wizard keeps its entries and redraws at the new size, down to too-small and back")
    func resizeMidWizard() throws {
        let home = try DemoHome()
        let run = try drive(home, [
            ["expect", "Log in", 15], ["send", "acme-user\t"], ["send", "patchbay-demo\r"], ["expect", "Patches", 15],
            ["send", "\t"], ["expect", "LAST REPORT"], ["send", "jjjj"], ["send", "a"], ["expect", "(1/6)"], ["send", "\r"], ["expect", "(2/6)"],
            ["resize", 120, 40], ["sleep", 0.5], ["screen"], ["resize", 60, 20], ["expect", "too small"], ["resize", 80, 24], ["expect", "(2/6)"],
            ["send", "\r"], ["expect", "(3/6)"], ["screen"], ["send", "\u{1b}"], ["send", "q"], ["wait_exit", 10],
        ])
        #expect(run.ok, "\(run.error)\n\(run.screens.joined(separator: "\n----\n"))")
        let wide = try #require(run.screens.first)
        #expect(wide.split(separator: "\n", omittingEmptySubsequences: false).count == 40 && wide.contains("(2/6)"), "\(wide)")
        #expect(run.screens.last?.contains("[x] KB5033383") == true, "the server chosen before the resizes still drives the patch step")
        #expect(run.exit == 0)
    }

    @Test("started on a terminal without SWIFT_BACKTRACE, the console runs with non-interactive crash backtraces (a crash never waits for keys over SSH)")
    func backtraceSetting() throws {
        let home = try DemoHome()
        // The arguments survive the re-run: the theme asked for still draws its heavy borders.
        let run = try drive(home, arguments: ["console", "--theme", "high-contrast"], backtraceSet: false,
                            [["expect", "Log in", 15], ["screen"], ["environ"], ["send", "\u{1b}"], ["wait_exit", 10]])
        #expect(run.ok && run.exit == 0, "\(run.error)")
        #expect(run.environ.contains("SWIFT_BACKTRACE=interactive=no"), "\(run.environ)")
        #expect(run.screens.first?.contains("┏━ Log in ━") == true, "\(run.screens)")
        let chosen = try drive(home, environment: ["SWIFT_BACKTRACE=enable=no,color=no"], backtraceSet: false,
                               [["expect", "Log in", 15], ["environ"], ["send", "\u{1b}"], ["wait_exit", 10]])
        #expect(chosen.environ.contains("SWIFT_BACKTRACE=enable=no,color=no") && !chosen.environ.contains("SWIFT_BACKTRACE=interactive=no"),
                "an operator's own setting is kept: \(chosen.environ)")
    }

    @Test("every supported TERM shows the login screen and restores the terminal on exit", arguments: ["screen-256color", "tmux-256color", "vt100", "linux"])
    func terminals(term: String) throws {
        let home = try DemoHome()
        let run = try drive(home, term: term, [["expect", "Log in", 15], ["screen"], ["send", "\u{1b}"], ["wait_exit", 10]])
        #expect(run.ok, "\(term): \(run.error)\n\(run.screens)")
        #expect(run.screens.first?.contains("Patchbay 0.1.0") == true)
        #expect(run.exit == 0)
    }

    @Test("--theme picks the colours and border glyphs, F8 switches to the next theme, NO_COLOR gets mono only, an unknown theme exits 10")
    func themes() throws {
        let home = try DemoHome()
        // Row 0 column 1 is the product name (title role); the login box's top-left corner is the first border cell of its row.
        let steps: [[Any]] = [["expect", "Log in", 15], ["screen"], ["cell", 0, 1], ["send", "\u{1b}[19~"], ["sleep", 0.5], ["screen"], ["cell", 0, 1],
                              ["send", "\u{1b}"], ["wait_exit", 10]]
        let contrast = try drive(home, arguments: ["console", "--theme", "high-contrast"], steps)
        #expect(contrast.ok && contrast.exit == 0, "\(contrast.error)\n\(contrast.screens)")
        #expect(contrast.screens.first?.contains("┏━ Log in ━") == true, "\(contrast.screens)")
        // F8: the next theme in name order after high-contrast is light.
        #expect(contrast.screens.last?.contains("┌─ Log in ─") == true, "\(contrast.screens)")
        let titles = contrast.cells.map { "\($0["fg"] ?? "")/\($0["bg"] ?? "")" }
        #expect(titles.count == 2 && titles[0] != titles[1] && !titles[0].hasPrefix("default"), "\(titles)")
        #expect(contrast.cells.first?["bold"] as? Bool == true)

        let mono = try drive(home, environment: ["NO_COLOR=1"], steps)
        #expect(mono.ok && mono.exit == 0, "\(mono.error)")
        #expect(mono.screens.allSatisfy { $0.contains("+- Log in ---") }, "F8 has no other theme to go to: \(mono.screens)")
        #expect(mono.cells.allSatisfy { $0["fg"] as? String == "default" && $0["bg"] as? String == "default" && $0["bold"] as? Bool == true })

        let unknown = try drive(home, arguments: ["console", "--theme", "neon"], [["expect", "no theme", 15], ["screen"], ["wait_exit", 10]])
        #expect(unknown.exit == 10)
        #expect(unknown.screens.first?.contains("there is no theme 'neon'") == true
                && unknown.screens.first?.contains("dark, default, high-contrast, light, mono") == true, "\(unknown.screens)")
    }

    @Test("the patch details pane (KB article, supersedence, per-server state incl. not reported), a preset, server details, and Japanese typed into the filter")
    func detailsPresetsAndJapaneseFilter() throws {
        let home = try DemoHome()
        let run = try drive(home, columns: 100, rows: 30, [
            ["expect", "Log in", 15], ["send", "acme-admin\t"], ["send", "patchbay-demo\r"], ["expect", "Patches", 15],
            ["send", "/5033371\r"], ["expect", "1 of"], ["send", "d"], ["expect", "Supersedes:", 10], ["screen"],
            ["send", "\u{1b}\u{1b}"], ["send", "p"], ["expect", "Presets"], ["send", "jj "], ["send", "\u{1b}"], ["expect", "[needed]"], ["screen"],
            ["send", "\t"], ["expect", "LAST REPORT"], ["send", "jjjjd"], ["expect", "Details — ACME-WEB01"], ["screen"],
            ["send", "\t"], ["send", "p "], ["send", "\u{1b}"], ["send", "/"], ["send", "セキュリティ更新"], ["expect", "/セキュリティ更新▏"], ["screen"],
            ["send", "\u{7f}\u{7f}"], ["expect", "/セキュリティ▏"], ["screen"], ["send", "\r"], ["send", "q"], ["wait_exit", 10],
        ])
        #expect(run.ok, "\(run.error)\n\(run.screens.joined(separator: "\n----\n"))")
        #expect(run.screens.count == 5)
        guard run.screens.count == 5 else { return }
        let details = run.screens[0]
        #expect(details.contains("Details — KB5033371") && details.contains("KB article: https://support.microsoft.com/help/5033371"), "\(details)")
        #expect(details.contains("Supersedes: KB5031361") && details.contains("ACME-APP01 needed") && details.contains("ACME-FS01 not reported yet"))
        #expect(!details.contains("GLX-"), "only acme's servers")
        let needed = run.screens[1]
        #expect(needed.contains("[needed]") && needed.contains("2 of 3 patches") && !needed.contains("KB5033118"), "\(needed)")
        let server = run.screens[2]
        #expect(server.contains("IP address 192.0.2.") && server.contains("KB5033383") && server.contains("needed"), "\(server)")
        #expect(server.contains("Time zone: America/New_York"), "\(server)")
        #expect(run.screens[3].contains("0 of 3 patches"), "a Japanese filter is taken as typed: \(run.screens[3])")
        #expect(run.screens[4].contains("/セキュリティ▏"), "Backspace removes whole Japanese characters")
        #expect(run.exit == 0)
        let audit = try home.run("audit", "list", "--format", "csv").stdout
        #expect(audit.contains("acme-admin,,patch show,patch="), "opening details is audited: \(audit)")
    }

    @Test("`patchbay demo` on a terminal prints the demo logins, opens the console with the runner in-process: a wizard job completes in the monitor; q ends the demo")
    func demoOpensConsole() throws {
        let home = try DemoHome()
        let run = try drive(home, arguments: ["demo", "--home", home.folder], [
            ["expect", "/ patchbay-demo", 60], ["screen"], ["send", "acme-user\t"], ["send", "patchbay-demo\r"], ["expect", "Patches", 15],
            ["send", "\t"], ["expect", "LAST REPORT"], ["send", "jjjja"], ["expect", "(1/6)"], ["send", "\r\r\r\r"], ["expect", "(5/6)"],
            ["sleep", 0.5], ["send", "\r"], ["expect", "was created", 20], ["send", "m"], ["expect", "Job 1  completed", 60], ["screen"],
            ["send", "q"], ["wait_exit", 20],
        ])
        #expect(run.ok, "\(run.error)\n\(run.screens.joined(separator: "\n----\n"))")
        #expect(run.screens.first?.contains("Demo logins: infra, dual, acme-admin, acme-user, globex-user / patchbay-demo") == true, "\(run.screens)")
        #expect(run.screens.last?.contains("ACME-WEB01") == true)
        #expect(run.exit == 0)
        let log = try String(contentsOfFile: home.folder + "/demo.log", encoding: .utf8)
        #expect(log.contains("job 1 ACME-WEB01: patch-application succeeded") && log.contains("job runner") && log.contains("stopped"), "\(log)")
    }

    /// `ssh` into a loopback sshd whose ForceCommand is the console, with the test's fresh keys.
    func sshCommand(_ server: LocalSSHServer) -> [String] {
        ["/usr/bin/ssh", "-tt", "-p", String(server.port), "-i", server.clientKey, "-o", "UserKnownHostsFile=\(server.knownHosts)",
         "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "\(server.user)@127.0.0.1"]
    }

    @Test("over a real OpenSSH server with a forced command: log in and complete the wizard; a connection dropped mid-wizard creates nothing and leaves no console behind")
    func overSSH() throws {
        let home = try DemoHome()
        // The ForceCommand and restrictions README documents ("Reaching it over SSH").
        let server = try LocalSSHServer(forceCommand: "env LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no \(PatchbayBinary.path) console --config \(home.config)")
        let run = try drive(home, command: sshCommand(server), [
            ["expect", "Log in", 30], ["send", "acme-user\t"], ["send", "patchbay-demo\r"], ["expect", "Patches", 15],
            ["send", "\t"], ["expect", "LAST REPORT"], ["send", "jjjja"], ["expect", "(1/6)"], ["send", "\r\r\r\r"], ["expect", "(5/6)"],
            ["sleep", 0.5], ["send", "\r"], ["expect", "was created", 20], ["screen"], ["send", "\r"], ["send", "q"], ["wait_exit", 15],
        ])
        #expect(run.ok, "\(run.error)\n\(run.screens.joined(separator: "\n----\n"))\n\(server.log)")
        #expect(run.screens.first?.contains("Job 1 was created.") == true)
        #expect(run.exit == 0, "ssh ends with the console's exit status")
        #expect(try home.run("job", "list", "--format", "csv").stdout.contains("1,"))

        let dropped = try drive(home, command: sshCommand(server), [
            ["expect", "Log in", 30], ["send", "acme-user\t"], ["send", "patchbay-demo\r"], ["expect", "Patches", 15],
            ["send", "\t"], ["expect", "LAST REPORT"], ["send", "jjjja"], ["expect", "(1/6)"], ["send", "\r\r\r\r"], ["expect", "(5/6)"], ["kill"],
        ])
        #expect(dropped.ok, "\(dropped.error)\n\(dropped.screens)")
        var left = ""
        for _ in 0..<50 {
            left = try Self.processes(matching: home.config)
            if left.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(left.isEmpty, "the console ends with its connection: \(left)")
        let jobs = try home.run("job", "list", "--format", "csv").stdout
        #expect(!jobs.contains("\n2,"), "the half-finished wizard created no job: \(jobs)")
        #expect(server.log.contains("Accepted publickey"))
    }

    static func processes(matching text: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
        process.arguments = ["-af", "console --config " + text]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

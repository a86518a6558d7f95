import Console
import Foundation
import Testing

/// The real `patchbay console` in a real pty, driven by typed steps (ConsoleDriver/): keys named from the
/// screens' binding tables, waits on what the screen shows, one scenario per test.
@Suite("Console end to end", .serialized)
struct ConsoleEndToEndTests {
    typealias Run = ConsolePty.Run

    func drive(_ home: DemoHome, columns: Int = 80, rows: Int = 24, term: String = "xterm-256color", lang: String = "C.UTF-8",
               arguments: [String] = ["console"], environment: [String] = [], command: [String]? = nil, backtraceSet: Bool = true,
               _ steps: [ConsoleStep]) throws -> Run {
        try ConsolePty.drive(home, columns: columns, rows: rows, term: term, lang: lang, arguments: arguments, environment: environment,
                             command: command, backtraceSet: backtraceSet, steps)
    }

    static let en = ConsoleStrings(.en), ja = ConsoleStrings(.ja)

    /// From the patch list: the server list, `down` rows down, and the wizard for that server.
    static func wizardFromServers(down: Int, japanese: Bool = false) -> ConsoleStep {
        [.patches(.servers), .expect(japanese ? ja.lastReport : en.lastReport), .move(.down, times: down), .servers(.apply), .expect("(1/6)")].joined()
    }

    @Test("`patchbay` alone on a terminal: log in at 80×24, see the approved patches in scope, filter as you type, quit with q (exit 0)")
    func loginAndFilter() throws {
        let home = try DemoHome()
        let run = try drive(home, arguments: [], [
            .login("acme-user"), .screen,
            .patches(.startFilter), .type("5033383"), .expect("1 of"), .screen, .patches(.finishFilter),
            .patches(.servers), .expect(Self.en.lastReport), .screen, .servers(.status), .expect(Self.en.compliance), .screen,
            .status(.quit), .exits(),
        ])
        #expect(run.ok, "\(run.report)")
        let list = try #require(run.screens.first)
        #expect(list.contains("acme-user") && list.contains("KB5033383") && list.contains("KB5033371"))
        #expect(!list.contains("patchbay-demo"))
        #expect(run.screens.count == 4)
        guard run.screens.count == 4 else { return }
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

    /// One login attempt: the form is left on the password (or the user id when `user` is given), the message of
    /// the attempt before is gone while the password is checked, and the answer is on screen.
    static func attempt(user: String? = nil, _ password: String) -> ConsoleStep {
        var steps: [ConsoleStep] = []
        if let user { steps += [.type(user), .loginForm(.nextField)] }
        steps += [.type(password), .loginForm(.submit), .expectGone(en.loginRefused), .expect(en.loginRefused)]
        return steps.joined()
    }

    @Test("a wrong password gets one message that never says whether the user exists; the lockout holds even for the right password")
    func wrongPasswordAndLockout() throws {
        let home = try DemoHome()
        let config = try String(contentsOfFile: home.config, encoding: .utf8).replacingOccurrences(of: "attempts: 5", with: "attempts: 2")
        try config.write(toFile: home.config, atomically: true, encoding: .utf8)
        let unknown = try drive(home, [.expect("Log in", timeout: 15), Self.attempt(user: "nobody", "whatever-pass"), .screen, .loginForm(.quit), .exits()])
        #expect(unknown.ok, "\(unknown.report)")
        let locked = try drive(home, [
            .expect("Log in", timeout: 15), Self.attempt(user: "acme-user", "wrong-pass-1"), Self.attempt("wrong-pass-2"),
            Self.attempt("patchbay-demo"), .screen, .loginForm(.quit), .exits(),
        ])
        #expect(locked.ok, "\(locked.report)")
        let unknownScreen = try #require(unknown.screens.last)
        let lockedScreen = try #require(locked.screens.last)
        let message = { (screen: String) in screen.split(separator: "\n").first { $0.contains("Login refused") }.map(String.init) ?? "" }
        #expect(message(unknownScreen) == message(lockedScreen), "the same words for an unknown user and a locked one")
        #expect(!lockedScreen.contains("Patches"))
        let audit = try home.run("audit", "list", "--user", "acme-user", "--format", "csv").stdout
        #expect(audit.contains("locked for now"))
    }

    @Test("a Japanese user gets the Japanese patch list, hint bar included")
    func japanesePatchList() throws {
        let home = try DemoHome()
        let run = try drive(home, lang: "ja_JP.UTF-8", [.login("globex-user", japanese: true), .screen, .patches(.quit), .exits()])
        #expect(run.ok, "\(run.report)")
        #expect(run.screens.first?.contains("未適用") == true)
        #expect(run.screens.first?.contains("/ 検索") == true && run.screens.first?.contains("q 終了") == true,
                "the hint bar speaks Japanese too: \(run.screens)")
    }

    @Test("a Japanese user walks the wizard in Japanese with a time in the servers' zone, then cancels the job in the monitor after y")
    func japaneseWizardAndCancel() throws {
        let home = try DemoHome()
        // The console runs in UTC; globex's servers are recorded in Asia/Tokyo, so the typed time is Tokyo time.
        let wizard = try drive(home, lang: "ja_JP.UTF-8", environment: ["TZ=UTC"], [
            .login("globex-user", japanese: true), Self.wizardFromServers(down: 1, japanese: true),
            .wizard(.next), .expect("(2/6)"), .screen,
            .wizard(.next), .wizard(.next), .expect("(4/6)"), .move(.down), .wizard(.choose), .type("2030-01-15 02:00"), .expect("Asia/Tokyo ="), .screen,
            .wizard(.next), .expect(Self.ja.enterCreates), .screen, .wizard(.next), .expect("を作成しました", timeout: 20), .screen,
            // The new job in the monitor, cancelled: c asks first, y sends it.
            .wizard(.openMonitor), .expect("予約済み"), .monitor(.cancel), .expect("いいえ"), .screen, .monitor(.confirm), .expect("取消済み"), .screen,
            .monitor(.quit), .exits(),
        ])
        #expect(wizard.ok, "\(wizard.report)")
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
    }

    @Test("a window smaller than 80×24 says so, and Esc still quits")
    func tooSmall() throws {
        let home = try DemoHome()
        let small = try drive(home, columns: 60, rows: 20, [.expect("too small", timeout: 15), .loginForm(.quit), .exits()])
        #expect(small.ok, "\(small.report)")
        #expect(small.exit == 0)
    }

    @Test("an unknown TERM gets a clear message and exit 10")
    func unknownTerm() throws {
        let home = try DemoHome()
        let unknown = try drive(home, term: "no-such-terminal", [.expect("unknown", timeout: 15), .screen, .exits()])
        #expect(unknown.screens.first?.contains("the terminal type 'no-such-terminal' is unknown") == true, "\(unknown.screens)")
        #expect(unknown.exit == 10)
    }

    @Test("the wizard from the server list: all required patches on one server, now, in 11 keystrokes after login; the job exists, owned by the user")
    func wizardCreatesJob() throws {
        let home = try DemoHome()
        let keys: [ConsoleStep] = [.patches(.servers), .move(.down, times: 4), .servers(.apply), .wizard(.next), .wizard(.next), .wizard(.next),
                                   .wizard(.next), .wizard(.next)]
        #expect(keys.flatMap(\.json).count == 11, "the common case takes at most 11 keys")
        let run = try drive(home, [
            .login("acme-user"),
            keys[0], .expect(Self.en.lastReport), keys[1], keys[2], .expectLine("[x] ACME-WEB01", selected: true), .screen,
            keys[3], .expect("(2/6)"), keys[4], .expect("(3/6)"), .expectLine("[x] KB5033383", selected: true), .screen, keys[5], .expect("(4/6)"),
            keys[6], .expect(Self.en.enterCreates), .screen, keys[7], .expect("was created", timeout: 20), .screen,
            .wizard(.close), .patches(.quit), .exits(),
        ])
        #expect(run.ok, "\(run.report)")
        #expect(run.screens.count == 4)
        guard run.screens.count == 4 else { return }
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
            .login("acme-user"), Self.wizardFromServers(down: 4),
            .wizard(.next), .expect("(2/6)"), .wizard(.next), .expect("(3/6)"), .wizard(.next), .expect("(4/6)"),
            .move(.down, times: 3), .wizard(.choose), .expect("Pre-script: < check-disk.ps1 >"), .wizard(.next), .expect(Self.en.enterCreates), .screen,
            .wizard(.next), .expect("was created", timeout: 20),
            .wizard(.openMonitor), .expect("Job 1"), .screen, .expect("Job 1  completed", timeout: 60), .screen,
            .monitor(.open), .expect("Job 1 — ACME-WEB01"), .screen,
            .monitor(.quit), .exits(),
        ])
        #expect(run.ok, "\(run.report)\n\(jobs.daemonOutput)")
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
            .login("acme-user"), Self.wizardFromServers(down: 4), .wizard(.next), .expect("(2/6)"),
            .resize(columns: 120, rows: 40), .expectRow(39, "Esc Cancel"), .screen,
            .resize(columns: 60, rows: 20), .expect("too small"), .resize(columns: 80, rows: 24), .expect("(2/6)"),
            .wizard(.next), .expect("(3/6)"), .expect("[x] KB5033383"), .screen, .wizard(.cancel), .patches(.quit), .exits(),
        ])
        #expect(run.ok, "\(run.report)")
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
                            [.expect("Log in", timeout: 15), .screen, .environ, .loginForm(.quit), .exits()])
        #expect(run.ok && run.exit == 0, "\(run.error)")
        #expect(run.environ.contains("SWIFT_BACKTRACE=interactive=no"), "\(run.environ)")
        #expect(run.screens.first?.contains("┏━ Log in ━") == true, "\(run.screens)")
    }

    @Test("an operator's own SWIFT_BACKTRACE setting is kept")
    func backtraceSettingKept() throws {
        let home = try DemoHome()
        let chosen = try drive(home, environment: ["SWIFT_BACKTRACE=enable=no,color=no"], backtraceSet: false,
                               [.expect("Log in", timeout: 15), .environ, .loginForm(.quit), .exits()])
        #expect(chosen.environ.contains("SWIFT_BACKTRACE=enable=no,color=no") && !chosen.environ.contains("SWIFT_BACKTRACE=interactive=no"),
                "\(chosen.environ)")
    }

    @Test("every supported TERM shows the login screen and restores the terminal on exit", arguments: ["screen-256color", "tmux-256color", "vt100", "linux"])
    func terminals(term: String) throws {
        let home = try DemoHome()
        let run = try drive(home, term: term, [.expect("Log in", timeout: 15), .screen, .loginForm(.quit), .exits()])
        #expect(run.ok, "\(term): \(run.report)")
        #expect(run.screens.first?.contains("Patchbay 0.1.0") == true)
        #expect(run.exit == 0)
    }

    @Test("--theme picks the colours and border glyphs, and F8 switches to the next theme")
    func themes() throws {
        let home = try DemoHome()
        // Row 0 column 1 is the product name (title role). F8: the next theme in name order after high-contrast is light.
        let contrast = try drive(home, arguments: ["console", "--theme", "high-contrast"], [
            .expect("┏━ Log in ━", timeout: 15), .cell(row: 0, column: 1), .global(.nextTheme), .expect("┌─ Log in ─"), .cell(row: 0, column: 1),
            .loginForm(.quit), .exits(),
        ])
        #expect(contrast.ok && contrast.exit == 0, "\(contrast.report)")
        let titles = contrast.cells.map { "\($0["fg"] ?? "")/\($0["bg"] ?? "")" }
        #expect(titles.count == 2 && titles[0] != titles[1] && !titles[0].hasPrefix("default"), "\(titles)")
        #expect(contrast.cells.first?["bold"] as? Bool == true)
    }

    @Test("a theme in the operator's ui.themes_dir is offered by F8 after the shipped ones, and --theme can name it")
    func operatorTheme() throws {
        let home = try DemoHome()
        try FileManager.default.createDirectory(atPath: home.folder + "/themes", withIntermediateDirectories: true)
        _ = try home.write("themes/zebra.yaml", """
            name: zebra
            description: Plain text with hash corners, for a test.
            roles:
              title: {attributes: [bold]}
              selection: {attributes: [reverse]}
            borders: {horizontal: "=", vertical: "|", top_left: "#", top_right: "#", bottom_left: "#", bottom_right: "#"}
            """)
        let config = try String(contentsOfFile: home.config, encoding: .utf8).replacingOccurrences(of: "ui:\n", with: "ui:\n  themes_dir: themes\n")
        try config.write(toFile: home.config, atomically: true, encoding: .utf8)
        // mono is the last shipped theme in name order: F8 goes on to zebra.
        let run = try drive(home, arguments: ["console", "--theme", "mono"], [
            .expect("+- Log in ---", timeout: 15), .global(.nextTheme), .expect("#= Log in ==="), .screen, .loginForm(.quit), .exits(),
        ])
        #expect(run.ok && run.exit == 0, "\(run.report)")
        let chosen = try drive(home, arguments: ["console", "--theme", "zebra"], [.expect("#= Log in ===", timeout: 15), .loginForm(.quit), .exits()])
        #expect(chosen.ok && chosen.exit == 0, "\(chosen.report)")
        // A file whose name: says otherwise would be two names for one theme: refused before the console opens.
        _ = try home.write("themes/odd.yaml", "name: even\nroles: {}\n")
        let odd = try drive(home, [.expect("calls itself", timeout: 15), .screen, .exits()])
        #expect(odd.exit == 10 && odd.screens.first?.contains("odd.yaml calls itself 'even'") == true, "\(odd.report)")
    }

    @Test("NO_COLOR gets the mono theme only: F8 has no other to go to")
    func noColor() throws {
        let home = try DemoHome()
        // A character typed after F8 shows that F8 was taken, and that nothing else changed.
        let mono = try drive(home, environment: ["NO_COLOR=1"], [
            .expect("+- Log in ---", timeout: 15), .cell(row: 0, column: 1), .global(.nextTheme), .type("x"), .expect("[x "), .screen,
            .cell(row: 0, column: 1), .loginForm(.quit), .exits(),
        ])
        #expect(mono.ok && mono.exit == 0, "\(mono.report)")
        #expect(mono.screens.allSatisfy { $0.contains("+- Log in ---") }, "\(mono.screens)")
        #expect(mono.cells.count == 2 && mono.cells.allSatisfy { $0["fg"] as? String == "default" && $0["bg"] as? String == "default" && $0["bold"] as? Bool == true })
    }

    @Test("an unknown theme exits 10 naming the themes there are")
    func unknownTheme() throws {
        let home = try DemoHome()
        let unknown = try drive(home, arguments: ["console", "--theme", "neon"], [.expect("no theme", timeout: 15), .screen, .exits()])
        #expect(unknown.exit == 10)
        #expect(unknown.screens.first?.contains("there is no theme 'neon'") == true
                && unknown.screens.first?.contains("dark, default, high-contrast, light, mono") == true, "\(unknown.screens)")
    }

    @Test("the details panes: a patch's KB article, supersedence and per-server state (incl. not reported); a server's address, zone and patches")
    func detailsPanes() throws {
        let home = try DemoHome()
        let run = try drive(home, columns: 100, rows: 30, [
            .login("acme-admin"), .patches(.startFilter), .type("5033371"), .patches(.finishFilter), .expect("1 of"),
            .patches(.details), .expect("\(Self.en.supersedes):"), .screen,
            .patches(.servers), .expect(Self.en.lastReport), .move(.down, times: 4), .servers(.details), .expect("Details — ACME-WEB01"), .screen,
            .servers(.quit), .exits(),
        ])
        #expect(run.ok, "\(run.report)")
        #expect(run.screens.count == 2)
        guard run.screens.count == 2 else { return }
        let details = run.screens[0]
        #expect(details.contains("Details — KB5033371") && details.contains("KB article: https://support.microsoft.com/help/5033371"), "\(details)")
        #expect(details.contains("Supersedes: KB5031361") && details.contains("ACME-APP01 needed") && details.contains("ACME-FS01 not reported yet"))
        #expect(!details.contains("GLX-"), "only acme's servers")
        let server = run.screens[1]
        #expect(server.contains("IP address 192.0.2.") && server.contains("KB5033383") && server.contains("needed"), "\(server)")
        #expect(server.contains("Time zone: America/New_York"), "\(server)")
        #expect(run.exit == 0)
        let audit = try home.run("audit", "list", "--format", "csv").stdout
        #expect(audit.contains("acme-admin,,patch show,patch="), "opening details is audited: \(audit)")
    }

    @Test("a preset narrows the list at once and the title bar names it")
    func preset() throws {
        let home = try DemoHome()
        let run = try drive(home, columns: 100, rows: 30, [
            .login("acme-admin"), .patches(.presets), .expect("─ \(Self.en.presets) ─"), .move(.down, times: 2), .patches(.choosePreset),
            .expectLine("[x] Only patches still needed", selected: true), .patches(.closePicker), .expect("[needed]"), .screen,
            .patches(.quit), .exits(),
        ])
        #expect(run.ok, "\(run.report)")
        let needed = try #require(run.screens.first)
        #expect(needed.contains("[needed]") && needed.contains("2 of 3 patches") && !needed.contains("KB5033118"), "\(needed)")
    }

    @Test("Japanese typed into the filter is taken as typed, and Backspace removes whole Japanese characters")
    func japaneseFilter() throws {
        let home = try DemoHome()
        let run = try drive(home, columns: 100, rows: 30, [
            .login("acme-admin"), .patches(.startFilter), .type("セキュリティ更新"), .expect("/セキュリティ更新▏"), .screen,
            .patches(.erase), .patches(.erase), .expect("/セキュリティ▏"), .screen, .patches(.finishFilter), .patches(.quit), .exits(),
        ])
        #expect(run.ok, "\(run.report)")
        guard run.screens.count == 2 else { return }
        #expect(run.screens[0].contains("0 of 3 patches"), "\(run.screens[0])")
        #expect(run.screens[1].contains("/セキュリティ▏"))
        #expect(run.exit == 0)
    }

    @Test("`patchbay demo` on a terminal prints the demo logins, opens the console with the runner in-process: a wizard job completes in the monitor; q ends the demo")
    func demoOpensConsole() throws {
        let home = try DemoHome()
        let run = try drive(home, arguments: ["demo", "--home", home.folder], [
            .expect("/ patchbay-demo", timeout: 60), .screen, .login("acme-user"), Self.wizardFromServers(down: 4),
            .wizard(.next), .wizard(.next), .wizard(.next), .wizard(.next), .expect(Self.en.enterCreates),
            .wizard(.next), .expect("was created", timeout: 20), .wizard(.openMonitor), .expect("Job 1  completed", timeout: 60), .screen,
            .monitor(.quit), .exits(within: 20),
        ])
        #expect(run.ok, "\(run.report)")
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
        // The ForceCommand and restrictions docs/operations.md documents ("Reaching the console over SSH").
        let server = try LocalSSHServer(forceCommand: "env LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no \(PatchbayBinary.path) console --config \(home.config)")
        let toConfirmation: ConsoleStep = [.expect("Log in", timeout: 30), .login("acme-user"), Self.wizardFromServers(down: 4),
                                           .wizard(.next), .wizard(.next), .wizard(.next), .wizard(.next), .expect(Self.en.enterCreates)].joined()
        let run = try drive(home, command: sshCommand(server), [
            toConfirmation, .wizard(.next), .expect("was created", timeout: 20), .screen, .wizard(.close), .patches(.quit), .exits(within: 15),
        ])
        #expect(run.ok, "\(run.report)\n\(server.log)")
        #expect(run.screens.first?.contains("Job 1 was created.") == true)
        #expect(run.exit == 0, "ssh ends with the console's exit status")
        #expect(try home.run("job", "list", "--format", "csv").stdout.contains("1,"))

        let dropped = try drive(home, command: sshCommand(server), [toConfirmation, .hangUp])
        #expect(dropped.ok, "\(dropped.report)")
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

import Console
import Foundation
import Testing

/// An open console session follows later changes to its user, through the real binary in a real pty, while
/// an operator changes the user from another shell.
@Suite("Console sessions follow the CMDB, end to end", .serialized)
struct SessionFollowsEndToEndTests {
    let console = ConsoleEndToEndTests()

    /// Log in, then walk the wizard to its confirmation for a job at a future time on the server `down` rows
    /// down the server list (the wizard starts with the one under the cursor).
    static func toConfirmation(_ user: String, japanese: Bool = false, down: Int = 0) -> ConsoleStep {
        [.login(user, japanese: japanese), ConsoleEndToEndTests.wizardFromServers(down: down, japanese: japanese),
         .wizard(.next), .expect("(2/6)"), .wizard(.next), .expect("(3/6)"), .wizard(.next), .expect("(4/6)"),
         .move(.down), .wizard(.choose), .type("2030-01-15 02:00"), .wizard(.next), .expect("(5/6)")].joined()
    }

    @Test("a user locked while logged in, pressing on through the wizard, creates no job; the screen says why; the end is audited")
    func lockedMidWizard() throws {
        let home = try DemoHome()
        let run = try console.drive(home, [
            Self.toConfirmation("acme-user"), .run([PatchbayBinary.path, "user", "lock", "acme-user"]),
            .wizard(.next), .expect("Session ended", timeout: 15), .screen,
            // Nothing of the session is left: the next keys go to the login form.
            .loginForm(.quit), .exits(),
        ])
        #expect(run.ok, "\(run.report)")
        #expect(run.runs.first?["exit"] as? Int == 0, "\(run.runs)")
        let screen = try #require(run.screens.last)
        #expect(screen.contains("Session ended: your account was locked. Nothing more was done."), "\(screen)")
        #expect(screen.contains("Log in") && !screen.contains("ACME-"), "back at an empty login screen: \(screen)")
        #expect(run.exit == 0)
        #expect(try home.run("job", "list", "--format", "csv").stdout.split(separator: "\n").count == 1, "no job was created")
        let audit = try home.run("audit", "list", "--user", "acme-user", "--format", "csv").stdout
        #expect(audit.contains("session end,via=console,FAILURE,the user was locked"), "\(audit)")
        #expect(!audit.split(separator: "\n").contains { $0.contains("patch apply") && $0.contains("SUCCESS") }, "\(audit)")
    }

    @Test("a user deleted while reading the patch list, pressing no key, is logged out within seconds")
    func deletedWhileReading() throws {
        let home = try DemoHome()
        let run = try console.drive(home, [
            .login("acme-admin"), .screen, .run([PatchbayBinary.path, "user", "delete", "acme-admin"]),
            .expect("Session ended: your account was deleted.", timeout: 15), .screen, .loginForm(.quit), .exits(),
        ])
        #expect(run.ok, "\(run.report)")
        #expect(run.runs.first?["exit"] as? Int == 0, "\(run.runs)")
        #expect(run.screens.first?.contains("ACME-") == true || run.screens.first?.contains("KB50") == true)
        #expect(run.screens.last?.contains("KB50") == false, "nothing of the session is left: \(run.screens)")
    }

    @Test("a Japanese user whose tenant changes while the wizard is open is told in Japanese; no job")
    func tenantChangedJapanese() throws {
        let home = try DemoHome()
        // globex-user owns servers; it can change tenant only after giving them up.
        let servers = try home.serverNames().filter { $0.hasPrefix("GLX-") }
        let run = try console.drive(home, lang: "ja_JP.UTF-8", [Self.toConfirmation("globex-user", japanese: true, down: 1)]
            + servers.map { .run([PatchbayBinary.path, "server", "update", $0, "--owner", ""]) } + [
            .run([PatchbayBinary.path, "user", "update", "globex-user", "--tenant", "acme"]),
            .wizard(.next), .expect("セッション終了", timeout: 15), .screen, .loginForm(.quit), .exits(),
        ])
        #expect(run.ok, "\(run.report)")
        #expect(run.runs.allSatisfy { $0["exit"] as? Int == 0 }, "\(run.runs)")
        #expect(run.screens.last?.contains("セッション終了: テナントが変更されました。再度ログインしてください。") == true, "\(run.screens)")
        let audit = try home.run("audit", "list", "--user", "globex-user", "--format", "csv").stdout
        #expect(audit.contains("session end,via=console,FAILURE,the user's tenant changed"), "\(audit)")
    }

    @Test("no key for ui.idle_minutes ends the session in the live job monitor, which refreshes every second")
    func idleMonitor() throws {
        let home = try DemoHome()
        let config = try String(contentsOfFile: home.config, encoding: .utf8).replacingOccurrences(of: "ui:\n", with: "ui:\n  idle_minutes: 1\n")
        try config.write(toFile: home.config, atomically: true, encoding: .utf8)
        // The session must not end before its minute: the monitor, refreshing every second, holds for 50 s.
        let run = try console.drive(home, [
            .login("acme-admin"), .patches(.jobs), .expect("Patchbay — Jobs"), .screen, .holds("Patchbay — Jobs", seconds: 50), .screen,
            .expect("Session ended after 1 minute without a key.", timeout: 30), .screen, .loginForm(.quit), .exits(),
        ])
        #expect(run.ok, "\(run.report)")
        #expect(run.screens.count == 3)
        #expect(run.screens.dropFirst().first?.contains("acme-admin") == true, "still in the monitor after 50 s: \(run.screens)")
        #expect(run.screens.last?.contains("Log in") == true && run.screens.last?.contains("acme-admin") == false)
        let audit = try home.run("audit", "list", "--user", "acme-admin", "--format", "csv").stdout
        #expect(audit.contains("session end,via=console,SUCCESS,no key for 1 minute"), "\(audit)")
    }
}

import Foundation
import PatchbayCore
import Testing
@testable import Console

/// A session ends when its user changes in the CMDB or when no key comes for `idleMinutes`, the monitor
/// included: the console goes back to the login screen saying why, and keeps nothing of the session.
@Suite("Console: session end")
struct SessionEndTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func loggedIn(idleMinutes: Int, language: Language = .en) -> ConsoleApp {
        var app = ConsoleApp(header: LoginScreenTests.header, language: language, width: 80, height: 24, idleMinutes: idleMinutes)
        app.now = start
        let patch = PatchRow(kb: "KB5033118", title: "Cumulative Update", classification: "Security Updates", severity: "Critical",
                             policy: .required, released: start, products: "Windows Server 2022", needed: 1, updateID: "u-1")
        app = ConsoleApp.update(app, .loggedIn(user: "acme-user", language: language, data: SessionData(patches: [patch], servers: [], at: start))).0
        return app
    }

    static func at(_ app: ConsoleApp, minutes: Double) -> ConsoleApp {
        var app = app
        app.now = start.addingTimeInterval(minutes * 60)
        return app
    }

    @Test("no key for idle_minutes ends the session from the job monitor, which refreshes itself every second")
    func idleInMonitor() throws {
        var app = Self.loggedIn(idleMinutes: 30)
        app = ConsoleApp.update(Self.at(app, minutes: 1), .key(.character("m"))).0
        guard case .monitor = app.screen else { Issue.record("m did not open the monitor: \(app.screen)"); return }
        var (next, effects) = ConsoleApp.update(Self.at(app, minutes: 30.9), .tick)
        #expect(effects == [.loadJobs(initial: false), .refreshData(since: 0)], "a refresh is not a key: the clock still runs")
        (next, effects) = ConsoleApp.update(Self.at(next, minutes: 31), .tick)
        #expect(effects == [.endSession(.idle(minutes: 30))])
        guard case .login(let login) = next.screen else { Issue.record("not back at the login screen: \(next.screen)"); return }
        #expect(login.message == "Session ended after 30 minutes without a key. Log in again.")
        #expect(next.user == nil && next.patchList.rows.isEmpty)
        #expect(ConsoleApp.render(next).text.contains("Session ended after 30 minutes without a key."))
    }

    @Test("any key, a cursor move included, restarts the idle clock; idle_minutes 0 never ends a session")
    func keysKeepItAlive() {
        var app = Self.loggedIn(idleMinutes: 30)
        app = ConsoleApp.update(Self.at(app, minutes: 29), .key(.down)).0
        #expect(ConsoleApp.update(Self.at(app, minutes: 58), .tick).1 == [.refreshData(since: 0), .checkSession], "alive, and its user re-read")
        #expect(ConsoleApp.update(Self.at(app, minutes: 59), .tick).1 == [.endSession(.idle(minutes: 30))])
        let never = Self.loggedIn(idleMinutes: 0)
        #expect(ConsoleApp.update(Self.at(never, minutes: 100_000), .tick).1 == [.refreshData(since: 0), .checkSession])
    }

    @Test("off the monitor, a tick asks the host to re-read the user every 5 s, so a changed user ends even an idle-looking session")
    func periodicCheck() {
        var app = Self.loggedIn(idleMinutes: 30)
        var (next, effects) = ConsoleApp.update(Self.at(app, minutes: 0.1), .tick)
        #expect(effects == [.refreshData(since: 0), .checkSession])
        (next, effects) = ConsoleApp.update(Self.at(next, minutes: 0.1 + 2.0 / 60), .tick)
        #expect(effects.isEmpty, "not on every tick, and no second look at the CMDB while one is under way")
        (next, effects) = ConsoleApp.update(Self.at(next, minutes: 0.1 + 5.0 / 60), .tick)
        #expect(effects == [.checkSession])
        app = ConsoleApp.update(next, .sessionEnded(.deleted)).0
        #expect(ConsoleApp.update(Self.at(app, minutes: 1), .tick).1.isEmpty, "no checks without a session")
    }

    @Test("the services' word that the user was locked ends the session in the user's language; late answers are dropped")
    func lockedJapanese() {
        let app = Self.loggedIn(idleMinutes: 30, language: .ja)
        let ended = ConsoleApp.update(app, .sessionEnded(.locked)).0
        guard case .login(let login) = ended.screen else { Issue.record("not back at the login screen"); return }
        #expect(login.message == "セッション終了: アカウントがロックされました。操作は行われていません。")
        let job = JobRow(id: 1, state: .running, owner: "acme-user", tenant: "acme", patches: "KB5033118", created: Self.start, servers: [])
        let late = ConsoleApp.update(ended, .jobsLoaded([job], runners: SampleSite.runners, at: Self.start)).0
        #expect(late.monitor.jobs.isEmpty, "an answer for the ended session must not reach the next one")
        #expect(ConsoleApp.update(ended, .jobCreated(9)).0 == ended)
    }
}

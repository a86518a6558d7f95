import Console
import Foundation
import PatchbayCore
import Testing

/// Every list of the console moves by the same keys (ListCursor): ↑↓, PgUp/PgDn, Home/End, with the selected
/// row always on the 80×24 screen. One test per list, driven through the whole console.
@Suite("Console: every list pages")
struct ListPagingTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let serverNames = (0..<40).map { String(format: "SRV%02d", $0) }

    static func data() -> SessionData {
        let patches = PatchListScreenTests.rows(60)
        let servers = serverNames.map {
            ServerRow(name: $0, tenant: "acme", reported: true, lastReport: now, requiredNeeded: 1, recommendedNeeded: 0, failed: 0, pendingReboot: 0)
        }
        // The first server needs every patch, so the wizard's patch list is long too.
        let states = Dictionary(uniqueKeysWithValues: patches.map { ($0.updateID, [ServerState(server: "SRV00", state: .notInstalled)]) })
        return SessionData(patches: patches, servers: servers, states: states, at: now)
    }

    static func app() -> ConsoleApp {
        let app = ConsoleApp(header: .init(product: "Patchbay", version: "0", cmdb: "c", wsus: "w"), language: .en, width: 80, height: 24)
        return ConsoleApp.update(app, .loggedIn(user: "acme-admin", language: .en, data: data())).0
    }

    static func press(_ app: ConsoleApp, _ keys: Key...) -> ConsoleApp {
        keys.reduce(app) { ConsoleApp.update($0, .key($1)).0 }
    }

    /// The text of the row painted as selected at `column`, as the user sees it.
    static func selectedLine(_ app: ConsoleApp, at column: Int = 2) -> String? {
        let canvas = ConsoleApp.render(app)
        let lines = canvas.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return (0..<canvas.height).first { canvas.cell(row: $0, column: column).role == .selection }.map { lines[$0] }
    }

    @Test("the patch list: PgDn, End, PgUp, Home")
    func patchList() throws {
        var app = Self.app()
        for (key, index) in [(Key.pageDown, 19), (.end, 59), (.pageUp, 40), (.home, 0), (.character(" "), 19)] {
            app = Self.press(app, key)
            #expect(app.patchList.selected == index, "\(key)")
            let kb = try #require(app.patchList.current?.kb)
            #expect(Self.selectedLine(app)?.contains(kb) == true, "\(key): \(kb) is on screen and selected")
        }
    }

    @Test("the server list: PgDn, End, PgUp, Home")
    func serverList() {
        var app = Self.press(Self.app(), .tab)
        for (key, index) in [(Key.pageDown, 19), (.end, 39), (.pageUp, 20), (.home, 0)] {
            app = Self.press(app, key)
            #expect(app.serverList.selected == index, "\(key)")
            #expect(Self.selectedLine(app)?.contains(Self.serverNames[index]) == true, "\(key)")
        }
    }

    @Test("the preset picker: End, Home, PgDn")
    func presetPicker() {
        var app = Self.press(Self.app(), .character("p"), .end)
        let last = app.patchList.pickerCursor
        #expect(last > 3, "End goes to the last of the severities, policies, classifications and products")
        #expect(Self.press(app, .down).patchList.pickerCursor == last)
        let column = 80 - 40
        #expect(Self.selectedLine(app, at: column) != nil, "the last choice is on screen and selected")
        app = Self.press(app, .home)
        #expect(app.patchList.pickerCursor == 0 && Self.selectedLine(app, at: column) != nil)
        app = Self.press(app, .pageDown)
        #expect(app.patchList.pickerCursor == min(19, last))
    }

    static func jobs(_ count: Int, servers: Int = 1, output: Int = 0) -> [JobRow] {
        (1...count).map { id in
            JobRow(id: Int64(id), state: .running, owner: "acme-user", tenant: "acme", patches: "KB5033118", created: now,
                   servers: (0..<servers).map { index in
                       JobRow.Server(name: String(format: "SRV%02d", index), state: .running,
                                     processes: [JobRow.Process(kind: .patchApplication, state: .running, startedAt: now,
                                                                output: (1...max(output, 1)).map { "line \($0)" }.joined(separator: "\n"))],
                                     message: "")
                   })
        }
    }

    @Test("the job monitor's jobs: PgDn, End, PgUp, Home")
    func monitorJobs() {
        var app = Self.press(Self.app(), .character("m"))
        app = ConsoleApp.update(app, .jobsLoaded(Self.jobs(40), runners: SampleSite.runners, at: Self.now)).0
        for (key, index) in [(Key.pageDown, 19), (.end, 39), (.pageUp, 20), (.home, 0)] {
            app = Self.press(app, key)
            #expect(app.monitor.selected == index, "\(key)")
            #expect(Self.selectedLine(app)?.hasPrefix(" \(index + 1) ") == true, "\(key): \(Self.selectedLine(app) ?? "nothing selected")")
        }
    }

    @Test("a refresh of a scrolled job list keeps the selected job on its row and on screen")
    func monitorRefreshWhileScrolled() {
        var app = Self.press(Self.app(), .character("m"))
        var jobs = Self.jobs(40)
        app = ConsoleApp.update(app, .jobsLoaded(jobs, runners: SampleSite.runners, at: Self.now)).0
        app = Self.press(app, .end)
        #expect(app.monitor.selected == 39 && app.monitor.cursor.top > 0)
        jobs.insert(contentsOf: Self.jobs(42).suffix(2).map { var job = $0; job.id += 100; return job }, at: 0)
        app = ConsoleApp.update(app, .jobsLoaded(jobs, runners: SampleSite.runners, at: Self.now)).0
        #expect(app.monitor.jobs[app.monitor.selected].id == 40, "the selection follows job 40 to its new row")
        #expect(Self.selectedLine(app)?.hasPrefix(" 40 ") == true, "\(Self.selectedLine(app) ?? "nothing selected")")
    }

    @Test("a job's servers in the monitor: PgDn, End, Home")
    func monitorServers() {
        var app = Self.press(Self.app(), .character("m"))
        app = ConsoleApp.update(app, .jobsLoaded(Self.jobs(1, servers: 30), runners: SampleSite.runners, at: Self.now)).0
        app = Self.press(app, .enter, .pageDown)
        #expect(app.monitor.serverCursor == 9 && Self.selectedLine(app)?.contains("SRV09") == true)
        app = Self.press(app, .end)
        #expect(app.monitor.serverCursor == 29 && Self.selectedLine(app)?.contains("SRV29") == true, "\(ConsoleApp.render(app).text)")
        app = Self.press(app, .home)
        #expect(app.monitor.serverCursor == 0 && Self.selectedLine(app)?.contains("SRV00") == true)
    }

    @Test("a server's process log in the monitor scrolls by page and to its end")
    func monitorLog() {
        var app = Self.press(Self.app(), .character("m"))
        app = ConsoleApp.update(app, .jobsLoaded(Self.jobs(1, output: 60), runners: SampleSite.runners, at: Self.now)).0
        app = Self.press(app, .enter, .enter)
        #expect(ConsoleApp.render(app).text.contains("│ line 1\n") && !ConsoleApp.render(app).text.contains("line 60"))
        app = Self.press(app, .end)
        let end = ConsoleApp.render(app).text
        #expect(end.contains("│ line 60") && !end.contains("│ line 1\n"), "\(end)")
        app = Self.press(app, .pageUp)
        #expect(!ConsoleApp.render(app).text.contains("│ line 60"))
        app = Self.press(app, .home)
        #expect(ConsoleApp.render(app).text.contains("│ line 1\n"))
    }

    @Test("the status view scrolls by page and to its end")
    func status() {
        var app = Self.press(Self.app(), .character("v"))
        let servers = Self.serverNames.map {
            StatusCounts(name: $0, installed: 1, needed: 1, failed: 0, pendingReboot: 0, notReported: 0, compliance: 0.5)
        }
        app = ConsoleApp.update(app, .statusLoaded(tenants: [], servers: servers)).0
        #expect(ConsoleApp.render(app).text.contains("SRV00") && !ConsoleApp.render(app).text.contains("SRV39"))
        app = Self.press(app, .end)
        #expect(ConsoleApp.render(app).text.contains("SRV39") && !ConsoleApp.render(app).text.contains("SRV00"))
        app = Self.press(app, .pageUp, .home)
        #expect(ConsoleApp.render(app).text.contains("SRV00"))
    }

    static func wizard(_ app: ConsoleApp) -> ApplyWizard? {
        guard case .wizard(let wizard) = app.screen else { return nil }
        return wizard
    }

    @Test("the wizard's servers and patches: PgDn, End, Home")
    func wizardLists() {
        var app = Self.press(Self.app(), .tab, .character("a"))
        for (key, index) in [(Key.pageDown, 19), (.end, 39), (.home, 0)] {
            app = Self.press(app, key)
            #expect(Self.wizard(app)?.cursor == index, "\(key)")
            #expect(Self.selectedLine(app)?.contains(Self.serverNames[index]) == true, "\(key)")
        }
        // SRV00 (chosen, needs all 60) → all patch types → the patch list.
        app = Self.press(app, .enter, .down, .down, .enter)
        guard let offered = Self.wizard(app)?.offered, offered.count == 60 else { Issue.record("the patch list offers \(Self.wizard(app)?.offered.count ?? 0)"); return }
        app = Self.press(app, .end)
        #expect(Self.wizard(app)?.cursor == 59 && Self.selectedLine(app)?.contains(offered[59].patch.kb) == true)
        app = Self.press(app, .pageUp)
        #expect(Self.wizard(app)?.cursor == 40 && Self.selectedLine(app)?.contains(offered[40].patch.kb) == true)
    }
}

@Suite("ListCursor")
struct ListCursorTests {
    @Test("the selection stays inside the rows and the window, however far it is moved, and follows shrinking rows")
    func bounds() {
        var cursor = ListCursor()
        cursor.move(.up, count: 10, page: 4)
        #expect(cursor.selected == 0 && cursor.top == 0)
        cursor.move(.pageDown, count: 10, page: 4)
        #expect(cursor.selected == 4 && cursor.top == 1 && cursor.window(count: 10, page: 4) == 1..<5)
        cursor.move(.end, count: 10, page: 4)
        #expect(cursor.selected == 9 && cursor.top == 6)
        cursor.fit(count: 3, page: 4)
        #expect(cursor.selected == 2 && cursor.top == 0, "fewer rows than before")
        cursor.move(.down, count: 0, page: 4)
        #expect(cursor.selected == 0 && cursor.window(count: 0, page: 4).isEmpty)
        var text = ListCursor()
        text.scroll(.end, count: 50, page: 10)
        #expect(text.top == 40)
        text.scroll(.pageDown, count: 50, page: 10)
        #expect(text.top == 40, "a text scrolls no further than its last page")
    }
}

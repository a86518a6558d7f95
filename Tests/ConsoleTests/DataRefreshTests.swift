import Foundation
import PatchbayCore
import Testing
@testable import Console

/// The console follows the CMDB: a tick asks whether its change counter moved (one look at a time), and rows
/// read again are swapped in keeping where the user is: filter, sort, presets, selection, details pane.
@Suite("Console: data refresh")
struct DataRefreshTests {
    static func loggedIn() -> ConsoleApp {
        var app = ConsoleApp(header: LoginScreenTests.header, language: .en, width: 80, height: 24)
        app.now = SampleSite.now
        var data = SampleSite.session
        data.counter = 7
        return ConsoleApp.update(app, .loggedIn(user: "acme-admin", language: .en, data: data)).0
    }

    static func later(_ app: ConsoleApp, seconds: Double) -> ConsoleApp {
        var app = app
        app.now = app.now.addingTimeInterval(seconds)
        return app
    }

    /// The sample site after a job installed KB5033118 on ACME-WEB02: one server fewer needs it.
    static func afterJob(counter: Int64 = 8) -> SessionData {
        var data = SampleSite.session
        data.patches = data.patches.map { row in
            var row = row
            if row.kb == "KB5033118" { row.needed -= 1 }
            return row
        }
        data.servers = data.servers.map { row in
            var row = row
            if row.name == "ACME-WEB02" { row.requiredNeeded = 0 }
            return row
        }
        data.at = SampleSite.now.addingTimeInterval(5)
        data.counter = counter
        return data
    }

    static func press(_ app: ConsoleApp, _ keys: [Key]) -> ConsoleApp {
        keys.reduce(app) { ConsoleApp.update($0, .key($1)).0 }
    }

    @Test("a tick looks at the counter the lists were read at, once at a time; an unchanged CMDB ends the look")
    func oneLookAtATime() {
        var (app, effects) = ConsoleApp.update(Self.later(Self.loggedIn(), seconds: 1), .tick)
        #expect(effects.contains(.refreshData(since: 7)))
        (app, effects) = ConsoleApp.update(Self.later(app, seconds: 1), .tick)
        #expect(!effects.contains { if case .refreshData = $0 { true } else { false } }, "the first look has not answered")
        app = ConsoleApp.update(app, .dataCurrent).0
        (app, effects) = ConsoleApp.update(Self.later(app, seconds: 1), .tick)
        #expect(effects.contains(.refreshData(since: 7)))
        app = ConsoleApp.update(app, .dataReloaded(Self.afterJob())).0
        (_, effects) = ConsoleApp.update(Self.later(app, seconds: 1), .tick)
        #expect(effects.contains(.refreshData(since: 8)), "the next look starts from the counter of the rows shown")
    }

    @Test("rows read again keep the filter, the sort, the selected patch on its line, and show the new counts and the time read")
    func patchListKeepsItsPlace() throws {
        // Filter on 'server', sort by KB ascending, select the second row.
        var app = Self.press(Self.loggedIn(), [.character("/")] + "server".map { Key.character($0) } + [.enter])
        while app.patchList.sort != .kb { app = Self.press(app, [.character("s")]) }
        app = Self.press(app, [.character("r"), .down])
        let visible = app.patchList.visible.map { app.patchList.rows[$0].kb }
        #expect(visible == ["KB5033118", "KB5033371", "KB5033373", "KB5099999", "KB890830"])
        #expect(app.patchList.current?.kb == "KB5033371" && app.patchList.sort == .kb && app.patchList.ascending)

        let (next, _) = ConsoleApp.update(app, .dataReloaded(Self.afterJob()))
        #expect(next.patchList.filter == "server" && next.patchList.sort == .kb && next.patchList.ascending)
        #expect(next.patchList.visible.map { next.patchList.rows[$0].kb } == visible)
        #expect(next.patchList.current?.kb == "KB5033371" && next.patchList.selected == 1)
        #expect(next.patchList.rows[next.patchList.visible[0]].needed == 1, "KB5033118 is needed on one server fewer")
        let screen = ConsoleApp.render(next).text
        #expect(screen.contains("read 09:00:05"), "the title bar says when the rows were read:\n\(screen)")
    }

    @Test("a filter being typed stays open and typed; the selection follows its patch when rows move")
    func typingSurvives() throws {
        var app = Self.press(Self.loggedIn(), [.character("/")] + "2019".map { Key.character($0) })
        #expect(app.patchList.mode == .filtering)
        app = ConsoleApp.update(app, .dataReloaded(Self.afterJob())).0
        #expect(app.patchList.mode == .filtering && app.patchList.filter == "2019")
        app = Self.press(app, "9".map { Key.character($0) } + [.backspace])
        #expect(app.patchList.filter == "2019" && app.patchList.visible.map { app.patchList.rows[$0].kb } == ["KB890830", "KB5033371"])

        // Sorted by need (the default), KB5033118 moves down once fewer servers need it: the cursor goes with it.
        var sorted = Self.loggedIn()
        #expect(sorted.patchList.current?.kb == "KB5033118" && sorted.patchList.selected == 0)
        sorted = ConsoleApp.update(sorted, .dataReloaded(Self.afterJob())).0
        #expect(sorted.patchList.visible.prefix(2).map { sorted.patchList.rows[$0].kb } == ["KB890830", "KB5033118"])
        #expect(sorted.patchList.current?.kb == "KB5033118" && sorted.patchList.selected == 1)
    }

    @Test("the server list keeps its selected server and its open details, whose patches and history are read again")
    func serverListKeepsItsPlace() {
        var app = Self.press(Self.loggedIn(), [.tab, .down, .down, .down, .down, .character("d")])
        #expect(app.serverList.current?.name == "ACME-WEB02" && app.serverList.showingDetails)
        let effects: [ConsoleApp.Effect]
        (app, effects) = ConsoleApp.update(app, .dataReloaded(Self.afterJob()))
        #expect(app.serverList.current?.name == "ACME-WEB02" && app.serverList.showingDetails)
        #expect(app.serverList.current?.requiredNeeded == 0)
        #expect(effects == [.loadServerHistory(server: "ACME-WEB02")])
    }

    @Test("an open status view is read again with the lists")
    func statusFollows() {
        var app = Self.press(Self.loggedIn(), [.character("v")])
        app = ConsoleApp.update(app, .statusLoaded(tenants: SampleSite.tenantCounts, servers: SampleSite.serverCounts)).0
        let (_, effects) = ConsoleApp.update(app, .dataReloaded(Self.afterJob()))
        #expect(effects == [.loadStatus])
    }

    @Test("a patch that left the list leaves the selection on the same position")
    func goneRow() {
        var app = Self.press(Self.loggedIn(), [.end])
        let position = app.patchList.selected
        var data = Self.afterJob()
        let gone = app.patchList.current?.updateID
        data.patches.removeAll { $0.updateID == gone }
        app = ConsoleApp.update(app, .dataReloaded(data)).0
        #expect(app.patchList.selected == min(position, app.patchList.visible.count - 1))
        #expect(app.patchList.rows.count == SampleSite.patches.count - 1)
    }
}

import Console
import Foundation
import PatchbayCore
import Testing

/// Back returns to the screen the user came from, through one stack: the monitor, the status view and the
/// wizard open over a list, and a finished wizard gives its place to the monitor.
@Suite("Console: the screen stack")
struct ScreenStackTests {
    @Test("Esc goes back to the list each screen was opened from")
    func backReturnsWhereYouCameFrom() {
        var app = ListPagingTests.app()
        app = ListPagingTests.press(app, .tab, .character("m"))
        #expect(app.screen == .monitor && app.below == [.servers])
        app = ListPagingTests.press(app, .escape)
        #expect(app.screen == .servers && app.below.isEmpty)
        app = ListPagingTests.press(app, .character("v"), .escape)
        #expect(app.screen == .servers)
        app = ListPagingTests.press(app, .tab, .character("a"))
        #expect(ListPagingTests.wizard(app) != nil && app.below == [.patches])
        app = ListPagingTests.press(app, .escape)
        #expect(app.screen == .patches)
    }

    @Test("a finished wizard's m opens the monitor in its place, so Back goes to the list, not to the finished wizard")
    func finishedWizardGivesWayToTheMonitor() {
        var app = ListPagingTests.press(ListPagingTests.app(), .tab, .character("a"))
        app = ListPagingTests.press(app, .enter, .enter, .enter, .enter, .enter)
        app = ConsoleApp.update(app, .jobCreated(9)).0
        app = ListPagingTests.press(app, .character("m"))
        #expect(app.screen == .monitor && app.monitor.opened == 9)
        app = ListPagingTests.press(app, .escape, .escape)
        #expect(app.screen == .servers && app.below.isEmpty)
    }
}

import Console
import Foundation
import PatchbayCore
import Testing

/// Table screens declare their columns; the layout drops the ones with the highest thresholds first on narrow
/// screens and abbreviates headings under 100 columns.
@Suite("Console: declared table columns")
struct TableColumnsTests {
    @Test("the patch list shows the classification from 100 columns and the products from 150; the title always")
    func patchListDropsInOrder() {
        let state = PatchListScreen(rows: PatchListScreenTests.rows(3))
        func headings(_ width: Int) -> String {
            PatchListScreen.render(state, strings: ConsoleStrings(.en), user: "u", width: width, height: 8).text
                .split(separator: "\n", omittingEmptySubsequences: false)[2].description
        }
        #expect(!headings(80).contains("CLASSIFICATION") && !headings(80).contains("PRODUCTS") && headings(80).contains("TITLE"))
        #expect(headings(100).contains("CLASSIFICATION") && !headings(100).contains("PRODUCTS"))
        #expect(headings(150).contains("CLASSIFICATION") && headings(150).contains("PRODUCTS") && headings(150).contains("TITLE"))
        #expect(PatchListScreen.columns.map(\.shownFrom).max() == 150)
    }

    @Test("the server list abbreviates its headings under 100 columns and keeps the last report")
    func serverListHeadings() {
        let row = ServerRow(name: "WEB01", tenant: "acme", reported: true, lastReport: Date(timeIntervalSince1970: 1_795_000_000),
                            requiredNeeded: 2, recommendedNeeded: 1, failed: 0, pendingReboot: 0)
        let state = ServerListScreen(rows: [row], staleAfterDays: 7, now: Date(timeIntervalSince1970: 1_795_000_000))
        let strings = ConsoleStrings(.en)
        func lines(_ width: Int) -> [String] {
            ServerListScreen.render(state, strings: strings, user: "u", width: width, height: 10).text
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(lines(120)[2].contains(strings.recommended) && lines(80)[2].contains(strings.recommendedShort))
        #expect(!lines(80)[2].contains(strings.recommended + " "))
        #expect(lines(80)[3].contains("WEB01") && lines(80)[3].contains("2026-"), "\(lines(80)[3])")
    }
}

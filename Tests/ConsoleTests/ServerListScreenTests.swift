import Console
import Foundation
import PatchbayCore
import Testing

@Suite("Console: server list")
struct ServerListScreenTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("counts per server, a stale report marked, a server not reporting yet named as such; Tab returns to the patches")
    func render() {
        let rows = [
            ServerRow(name: "WEB01", tenant: "acme", reported: true, lastReport: Self.now.addingTimeInterval(-3600), requiredNeeded: 4,
                      recommendedNeeded: 1, failed: 0, pendingReboot: 1),
            ServerRow(name: "DB01", tenant: "acme", reported: true, lastReport: Self.now.addingTimeInterval(-10 * 86_400), requiredNeeded: 0,
                      recommendedNeeded: 0, failed: 2, pendingReboot: 0),
            ServerRow(name: "FS01", tenant: "acme", reported: false, lastReport: nil, requiredNeeded: 0, recommendedNeeded: 0, failed: 0, pendingReboot: 0),
        ]
        let state = ServerListScreen(rows: rows, staleAfterDays: 7, now: Self.now)
        let lines = ServerListScreen.render(state, strings: ConsoleStrings(.en), user: "acme-admin", width: 100, height: 24).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[2].contains("SERVER") && lines[2].contains("REQUIRED") && lines[2].contains("LAST REPORT"))
        let db = lines.first { $0.contains("DB01") } ?? ""
        #expect(db.contains("(stale)"))
        let web = lines.first { $0.contains("WEB01") } ?? ""
        #expect(!web.contains("(stale)") && web.contains(" 4 ") && web.contains(" 1 "))
        #expect(lines.first { $0.contains("FS01") }?.contains("not reported yet") == true)
        #expect(ServerListScreen.update(state, .tab, pageHeight: 19).1 == .showPatches)
    }

    @Test("the app switches between patch list and server list with Tab and keeps each list's place")
    func navigation() {
        var app = ConsoleApp(header: .init(product: "Patchbay", version: "0", cmdb: "c", wsus: "w"), language: .en, width: 100, height: 30)
        let patches = (0..<5).map { PatchRow(kb: "KB\($0)", title: "t", classification: "c", severity: "Low", policy: .required, released: nil,
                                             products: "", needed: 1, updateID: "\($0)") }
        app = ConsoleApp.update(app, .loggedIn(user: "u", language: .ja, data: SessionData(patches: patches, servers: [], states: [:], at: Self.now))).0
        app = ConsoleApp.update(app, .key(.down)).0
        app = ConsoleApp.update(app, .key(.tab)).0
        #expect(app.screen == .servers)
        #expect(ConsoleApp.render(app).text.contains("サーバー"))
        app = ConsoleApp.update(app, .key(.tab)).0
        #expect(app.screen == .patches && app.patchList.selected == 1)
    }

    @Test("d opens the selected server's details: address, WSUS, report, and its approved patches with failures and missing required ones first")
    func details() {
        var app = ConsoleApp(header: .init(product: "Patchbay", version: "0", cmdb: "c", wsus: "w"), language: .en, width: 80, height: 24)
        let patches = ["KB1": PatchPolicy.recommended, "KB2": .required, "KB3": .required, "KB4": .required].map { kb, policy in
            PatchRow(kb: kb, title: "Update \(kb)", classification: "c", severity: "Important", policy: policy, released: nil, products: "", needed: 1,
                     updateID: "id-\(kb)")
        }
        let server = ServerRow(name: "WEB01", tenant: "acme", reported: true, lastReport: Self.now.addingTimeInterval(-9 * 86_400), requiredNeeded: 1,
                               recommendedNeeded: 1, failed: 1, pendingReboot: 1, ipAddress: "192.0.2.10", wsus: "wsus01")
        let states: [String: [ServerState]] = [
            "id-KB1": [ServerState(server: "WEB01", state: .notInstalled)], "id-KB2": [ServerState(server: "WEB01", state: .installed)],
            "id-KB3": [ServerState(server: "WEB01", state: .failed), ServerState(server: "DB01", state: .installed)],
            "id-KB4": [ServerState(server: "WEB01", state: .notInstalled)],
        ]
        app = ConsoleApp.update(app, .loggedIn(user: "u", language: .en, data: SessionData(patches: patches, servers: [server], states: states, at: Self.now))).0
        app = ConsoleApp.update(app, .key(.tab)).0
        app = ConsoleApp.update(app, .key(.character("d"))).0
        let lines = ConsoleApp.render(app).text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("Details — WEB01") })
        #expect(lines.contains { $0.contains("IP address 192.0.2.10") && $0.contains("WSUS wsus01") })
        #expect(lines.contains { $0.contains("2026-") && $0.contains("(stale)") } || lines.contains { $0.contains("(stale)") })
        let order = lines.compactMap { line in ["KB1", "KB2", "KB3", "KB4"].first { line.contains("│ \($0) ") } }
        #expect(order == ["KB3", "KB4", "KB1", "KB2"], "failed, missing required, missing recommended, installed: \(lines)")
        #expect(lines.contains { $0.contains("KB3") && $0.contains("failed") })
        app = ConsoleApp.update(app, .key(.escape)).0
        #expect(!ConsoleApp.render(app).text.contains("Details —"))
    }
}

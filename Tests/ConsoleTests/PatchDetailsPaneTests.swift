import Console
import Foundation
import PatchbayCore
import Testing

@Suite("Console: patch details and presets")
struct PatchDetailsPaneTests {
    static func details(_ row: PatchRow) -> PatchDetails {
        let record = PatchRecord(updateID: row.updateID, revisionNumber: 200, kbNumbers: [String(row.kb.dropFirst(2))], title: row.title,
                                 description: "Fixes 19 security vulnerabilities (December 2023). Fixed build: 10.0.17763.5206.",
                                 classification: row.classification, products: ["Windows Server 2019", "Windows Server 2022"], msrcSeverity: row.severity,
                                 releaseDate: row.released, arrivalDate: nil, rebootBehavior: 1, isDeclined: false, isExpired: false, isSuperseded: false,
                                 bulletins: [], moreInfoURLs: [])
        return PatchDetails(patch: record, supersedes: [.init(updateID: "old", kb: "KB5031361", title: "November")], supersededBy: [])
    }

    @Test("Enter opens the details pane of the selected patch and asks for its details; moving asks for the next one; Esc closes it")
    func pane() {
        var app = ConsoleApp(header: LoginScreenTests.header, language: .en, width: 80, height: 24)
        let rows = PatchListScreenTests.rows(3)
        app = ConsoleApp.update(app, .loggedIn(user: "acme-user", language: .en, data: SessionData(patches: rows,
                                               servers: [ServerRow(name: "ACME-FS01", tenant: "acme", reported: false, lastReport: nil, requiredNeeded: 0,
                                                                   recommendedNeeded: 0, failed: 0, pendingReboot: 0)],
                                               states: ["id-2": [ServerState(server: "ACME-WEB01", state: .notInstalled),
                                                                             ServerState(server: "ACME-DB01", state: .pendingReboot)]],
                                               at: Date()))).0
        var effects: [ConsoleApp.Effect]
        (app, effects) = ConsoleApp.update(app, .key(.enter))
        #expect(effects == [.loadPatchDetails(updateID: "id-2")])
        #expect(ConsoleApp.render(app).text.contains("Loading…"))
        app = ConsoleApp.update(app, .patchDetailsLoaded(Self.details(rows[2]))).0
        let text = ConsoleApp.render(app).text
        #expect(text.contains("┌─ Details — KB5000002"), "\(text)")
        #expect(text.contains("KB article: https://support.microsoft.com/help/5000002"))
        #expect(text.contains("Supersedes: KB5031361   Superseded by: none"))
        #expect(text.contains("Fixes 19 security vulnerabilities"))
        #expect(text.contains("ACME-DB01 installed, restart pending") && text.contains("ACME-WEB01 needed") && text.contains("ACME-FS01 not reported yet"),
                "\(text)")
        (app, effects) = ConsoleApp.update(app, .key(.down))
        #expect(effects == [.loadPatchDetails(updateID: "id-1")])
        #expect(ConsoleApp.render(app).text.contains("Details — KB5000001") && ConsoleApp.render(app).text.contains("Loading…"),
                "details of the previous patch are not shown for the next one")
        app = ConsoleApp.update(app, .key(.escape)).0
        #expect(!ConsoleApp.render(app).text.contains("Details —"))
    }

    @Test("presets narrow the list, combine with each other and the filter, show in the title bar, and clear in one step")
    func presets() {
        var state = PatchListScreen(rows: PatchListScreenTests.rows(40))
        state = PatchListScreen.update(state, .character("p"), pageHeight: 19).0
        #expect(state.picking)
        // Choices: clear, required only, needed only, Security Updates, Updates, Critical, Important, Moderate, Low, products…
        state = PatchListScreen.update(state, .down, pageHeight: 19).0
        state = PatchListScreen.update(state, .enter, pageHeight: 19).0
        #expect(state.visible.count == 20 && state.visible.allSatisfy { state.rows[$0].policy == .required })
        state = PatchListScreen.update(state, .down, pageHeight: 19).0
        state = PatchListScreen.update(state, .character(" "), pageHeight: 19).0
        #expect(state.visible.allSatisfy { state.rows[$0].policy == .required && state.rows[$0].needed > 0 })
        for _ in 0..<3 { state = PatchListScreen.update(state, .down, pageHeight: 19).0 }
        state = PatchListScreen.update(state, .enter, pageHeight: 19).0
        #expect(state.visible.allSatisfy { state.rows[$0].severity == "Critical" } && !state.visible.isEmpty)
        let picker = PatchListScreen.render(state, strings: ConsoleStrings(.en), user: "u", width: 80, height: 24).text
        #expect(picker.contains("[x] Required patches only") && picker.contains("[x] Severity: Critical") && picker.contains("[ ] Severity: Low"),
                "\(picker)")
        state = PatchListScreen.update(state, .escape, pageHeight: 19).0
        #expect(!state.picking)
        let title = PatchListScreen.render(state, strings: ConsoleStrings(.en), user: "u", width: 80, height: 24).text.split(separator: "\n")[0]
        #expect(title.contains("[required, needed, Critical]"), "\(title)")
        state = PatchListScreen.update(state, .character("/"), pageHeight: 19).0
        for c in "5000004" { state = PatchListScreen.update(state, .character(c), pageHeight: 19).0 }
        #expect(state.visible.map { state.rows[$0].kb } == ["KB5000004"])
        state = PatchListScreen.update(state, .enter, pageHeight: 19).0
        state = PatchListScreen.update(state, .character("p"), pageHeight: 19).0
        for _ in 0..<5 { state = PatchListScreen.update(state, .up, pageHeight: 19).0 }
        state = PatchListScreen.update(state, .enter, pageHeight: 19).0
        #expect(state.presets.isEmpty && state.visible.count == 1, "clearing the presets keeps the typed filter")
    }
}

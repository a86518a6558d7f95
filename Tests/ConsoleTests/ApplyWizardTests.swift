import Console
import Foundation
import PatchbayCore
import Testing

@Suite("Console: apply wizard")
struct ApplyWizardTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let servers = [
        ServerRow(name: "WEB01", tenant: "acme", reported: true, lastReport: now, requiredNeeded: 2, recommendedNeeded: 1, failed: 0, pendingReboot: 0),
        ServerRow(name: "WEB02", tenant: "acme", reported: true, lastReport: now, requiredNeeded: 1, recommendedNeeded: 0, failed: 0, pendingReboot: 0),
        ServerRow(name: "FS01", tenant: "acme", reported: false, lastReport: nil, requiredNeeded: 0, recommendedNeeded: 0, failed: 0, pendingReboot: 0),
    ]
    static let needed = [
        NeededPatch(server: "WEB01", updateID: "a", kb: "KB1", title: "one", classification: "Security Updates", policy: .required, severity: "Critical"),
        NeededPatch(server: "WEB01", updateID: "b", kb: "KB2", title: "two", classification: "Security Updates", policy: .required, severity: "Important"),
        NeededPatch(server: "WEB01", updateID: "c", kb: "KB3", title: "three", classification: "Updates", policy: .recommended, severity: ""),
        NeededPatch(server: "WEB02", updateID: "a", kb: "KB1", title: "one", classification: "Security Updates", policy: .required, severity: "Critical"),
    ]

    func wizard(_ preselected: Set<String> = ["WEB01"]) -> ApplyWizard {
        ApplyWizard(servers: Self.servers, needed: Self.needed, preselected: preselected, now: Self.now, timeZone: TimeZone(identifier: "UTC")!)
    }

    func press(_ keys: [Key], _ state: ApplyWizard) -> (ApplyWizard, ApplyWizard.Effect?) {
        var state = state
        var effect: ApplyWizard.Effect?
        for key in keys { (state, effect) = ApplyWizard.update(state, key) }
        return (state, effect)
    }

    @Test("a server that needs nothing is offered but not preselected, so Enter stops at step 1 instead of an empty patch step")
    func noPreselectionOfServersNeedingNothing() {
        let state = wizard(["FS01", "WEB02"])
        #expect(state.chosenServers == ["WEB02"] && state.cursor == 1, "FS01 has not reported; WEB02 needs a patch and has the cursor")
        let idle = ApplyWizard(servers: Self.servers + [ServerRow(name: "IDLE01", tenant: "acme", reported: true, lastReport: Self.now, requiredNeeded: 0,
                                                                 recommendedNeeded: 0, failed: 0, pendingReboot: 0)],
                               needed: Self.needed, preselected: ["IDLE01"], now: Self.now, timeZone: TimeZone(identifier: "UTC")!)
        #expect(idle.chosenServers.isEmpty && idle.cursor == 2, "not chosen, but the cursor is where the user pointed")
        let (stopped, _) = press([.enter], idle)
        #expect(stopped.step == .servers && stopped.message == .noServerChosen)
    }

    @Test("an empty patch step says what to do, in both languages")
    func emptyPatchStepSaysWhatToDo() {
        // WEB02 needs only a required patch: the recommended type offers nothing.
        let (state, _) = press([.enter, .down, .enter], wizard(["WEB02"]))
        #expect(state.step == .patches && state.offered.isEmpty)
        let english = ApplyWizard.render(state, strings: ConsoleStrings(.en), width: 80, height: 24).text
        #expect(english.contains("No approved patch of this type is needed on the chosen servers. ← goes back"), "\(english)")
        let japanese = ApplyWizard.render(state, strings: ConsoleStrings(.ja), width: 80, height: 24).text
        // Japanese wraps between characters: read the note as one text.
        let note = japanese.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined()
        #expect(note.contains("この種類の承認済みパッチはありません") && note.contains("で戻り、別の種類か別のサーバーを選んでください"), "\(japanese)")
    }

    @Test("the Japanese confirmation labels its lists as servers and patches, not with counters")
    func japaneseConfirmationLabels() {
        let (state, _) = press([.enter, .enter, .enter, .enter], wizard())
        #expect(state.step == .confirm)
        let text = ApplyWizard.render(state, strings: ConsoleStrings(.ja), width: 80, height: 24).text
        #expect(text.contains("サーバー: WEB01") && text.contains("パッチ: KB1, KB2") && !text.contains("台: ") && !text.contains("件: "), "\(text)")
    }

    @Test("the common case — every required patch on one server, now — takes five Enters and asks for exactly those")
    func commonCase() {
        let (state, effect) = press([.enter, .enter, .enter, .enter, .enter], wizard())
        #expect(effect == .create(.init(servers: ["WEB01"], updateIDs: ["a", "b"], at: nil, reboot: false)))
        #expect(state.busy)
        let done = ApplyWizard.created(state, jobID: 42)
        #expect(ApplyWizard.render(done, strings: ConsoleStrings(.en), width: 80, height: 24).text.contains("Job 42 was created."))
        #expect(ApplyWizard.update(done, .enter).1 == .close)
    }

    @Test("servers that have not reported are not offered; 'select all' selects exactly what is offered; back and forward keep the entries")
    func selectionAndBack() {
        var state = wizard([])
        #expect(state.servers.map(\.name) == ["WEB01", "WEB02"])
        let first = ApplyWizard.render(state, strings: ConsoleStrings(.en), width: 80, height: 24).text
        #expect(first.contains("WEB01          acme       approved, needed: REQ 2  REC 1"), "the counts of what the wizard can apply: \(first)")
        (state, _) = press([.enter], state)
        #expect(state.step == .servers && state.message != nil, "no server chosen yet")
        (state, _) = press([.character(" "), .down, .character(" "), .enter, .down, .down, .character(" "), .enter], state)
        #expect(state.patchType == .all && state.step == .patches)
        #expect(Set(state.offered.map(\.patch.updateID)) == ["a", "b", "c"] && state.chosenPatches == ["a", "b", "c"])
        (state, _) = press([.character("a")], state)
        #expect(state.chosenPatches.isEmpty)
        (state, _) = press([.character("a"), .down, .character(" "), .left, .left], state)
        #expect(state.step == .servers && state.chosenServers == ["WEB01", "WEB02"])
        (state, _) = press([.right], state)
        #expect(state.step == .patchType && state.patchType == .all)
        #expect(ApplyWizard.update(state, .escape).1 == .close)
    }

    @Test("step 2 offers each classification the chosen servers still need; choosing one offers exactly its patches")
    func classification() {
        var (state, _) = press([.enter], wizard())
        let text = ApplyWizard.render(state, strings: ConsoleStrings(.en), width: 80, height: 24).text
        #expect(text.contains("( ) Classification: Security Updates") && text.contains("( ) Classification: Updates"), "\(text)")
        #expect(state.patchTypes == [.required, .recommended, .all, .classification("Security Updates"), .classification("Updates")])
        (state, _) = press([.down, .down, .down, .down, .enter], state)
        #expect(state.patchType == .classification("Updates") && state.offered.map(\.patch.kb) == ["KB3"] && state.chosenPatches == ["c"])
        let (_, effect) = press([.enter, .enter, .enter], state)
        #expect(effect == .create(.init(servers: ["WEB01"], updateIDs: ["c"], at: nil, reboot: false)))
    }

    @Test("a start time must be a valid future time; it is shown in UTC too")
    func startTime() {
        var (state, _) = press([.enter, .enter, .enter, .down, .character(" ")], wizard())
        #expect(state.step == .method && !state.startNow)
        for c in "2020-01-01 08:00" { (state, _) = ApplyWizard.update(state, .character(c)) }
        (state, _) = ApplyWizard.update(state, .enter)
        #expect(state.message == .timeInPast && ConsoleStrings(.en).wizardMessage(.timeInPast) == "the time must be in the future")
        state.atText = ""
        for c in "2026-12-24 22:30" { (state, _) = ApplyWizard.update(state, .character(c)) }
        #expect(ApplyWizard.render(state, strings: ConsoleStrings(.en), width: 80, height: 24).text.contains("2026-12-24 22:30 GMT = 2026-12-24 22:30 UTC"))
        let (_, effect) = press([.enter, .enter], state)
        guard case .create(let request)? = effect else { Issue.record("no job requested"); return }
        #expect(request.at == ISO8601DateFormatter().date(from: "2026-12-24T22:30:00Z"))
    }

    @Test("the time is entered in the console's zone and shown with UTC: 22:30 in Tokyo is 13:30 UTC")
    func timeZones() {
        let tokyo = ApplyWizard(servers: Self.servers, needed: Self.needed, preselected: ["WEB01"], now: Self.now, timeZone: TimeZone(identifier: "Asia/Tokyo")!)
        var (state, _) = press([.enter, .enter, .enter, .down, .character(" ")], tokyo)
        for c in "2026-12-24 22:30" { (state, _) = ApplyWizard.update(state, .character(c)) }
        (state, _) = ApplyWizard.update(state, .enter)
        let confirm = ApplyWizard.render(state, strings: ConsoleStrings(.en), width: 100, height: 24).text
        #expect(confirm.contains("2026-12-24 22:30 Asia/Tokyo = 2026-12-24 13:30 UTC"), "\(confirm)")
    }

    @Test("servers with a recorded zone: the time is typed in their local time; servers in several zones each get a line, and UTC")
    func serverZones() {
        var servers = Self.servers
        servers[0].timeZone = "America/New_York"
        servers[1].timeZone = "Asia/Tokyo"
        let console = TimeZone(identifier: "Europe/Berlin")!
        // One server: the typed time is New York time.
        let single = ApplyWizard(servers: servers, needed: Self.needed, preselected: ["WEB01"], now: Self.now, timeZone: console)
        var (state, _) = press([.enter, .enter, .enter, .down, .character(" ")], single)
        #expect(ApplyWizard.render(state, strings: ConsoleStrings(.en), width: 100, height: 24).text.contains("(YYYY-MM-DD HH:MM, America/New_York)"))
        for c in "2026-12-24 22:30" { (state, _) = ApplyWizard.update(state, .character(c)) }
        (state, _) = ApplyWizard.update(state, .enter)
        let confirm = ApplyWizard.render(state, strings: ConsoleStrings(.en), width: 100, height: 24).text
        #expect(confirm.contains("2026-12-24 22:30 America/New_York = 2026-12-25 03:30 UTC"), "\(confirm)")
        // Two servers in two zones: typed in the console's zone, then each server's local time.
        let mixed = ApplyWizard(servers: servers, needed: Self.needed, preselected: ["WEB01", "WEB02"], now: Self.now, timeZone: console)
        (state, _) = press([.enter, .enter, .enter, .down, .character(" ")], mixed)
        for c in "2026-12-24 22:30" { (state, _) = ApplyWizard.update(state, .character(c)) }
        let (_, effect) = press([.enter, .enter], state)
        (state, _) = ApplyWizard.update(state, .enter)
        let lines = ApplyWizard.render(state, strings: ConsoleStrings(.en), width: 100, height: 24).text
        #expect(lines.contains("2026-12-24 22:30 Europe/Berlin = 2026-12-24 21:30 UTC"), "\(lines)")
        #expect(lines.contains("2026-12-24 16:30 America/New_York: WEB01"), "\(lines)")
        #expect(lines.contains("2026-12-25 06:30 Asia/Tokyo: WEB02"), "\(lines)")
        guard case .create(let request)? = effect else { Issue.record("no job requested"); return }
        #expect(request.at == ISO8601DateFormatter().date(from: "2026-12-24T21:30:00Z"))
    }

    @Test("a typed time keeps the zone it was typed in; servers without a valid zone count as the console's; a time the clocks skip is named as such")
    func zoneEdges() throws {
        var servers = Self.servers
        servers[0].timeZone = "America/New_York"
        servers[1].timeZone = "Mars/Olympus"
        let console = TimeZone(identifier: "Europe/Berlin")!
        let wizard = ApplyWizard(servers: servers, needed: Self.needed, preselected: ["WEB02"], now: Self.now, timeZone: console)
        #expect(wizard.entryZone == console, "an unknown zone falls back to the console's")
        // Typed for WEB01 in New York time, then WEB02 is added: the time still means New York time.
        let newYork = ApplyWizard(servers: servers, needed: Self.needed, preselected: ["WEB01"], now: Self.now, timeZone: console)
        var (state, _) = press([.enter, .enter, .enter, .down, .character(" ")], newYork)
        for c in "2030-03-10 02:30" { (state, _) = ApplyWizard.update(state, .character(c)) }
        #expect(state.atZone?.identifier == "America/New_York")
        guard case .failure(let gap) = state.startTime() else { Issue.record("02:30 on 10 March 2030 does not exist in New York"); return }
        #expect(ConsoleStrings(.en).wizardMessage(gap) == "that time does not exist in America/New_York: the clocks go forward then")
        #expect(ConsoleStrings(.ja).wizardMessage(gap) == "その時刻は America/New_York には存在しません（夏時間で時計が進みます）")
        for _ in 0..<5 { (state, _) = ApplyWizard.update(state, .backspace) }
        for c in "03:30" { (state, _) = ApplyWizard.update(state, .character(c)) }
        #expect(try state.startTime().get() == ISO8601DateFormatter().date(from: "2030-03-10T07:30:00Z"))
        (state, _) = press([.left, .left, .left, .down, .character(" ")], state)
        #expect(state.step == .servers && state.chosenServers == ["WEB01", "WEB02"])
        #expect(state.entryZone.identifier == "America/New_York", "adding a server does not move the time typed")
        #expect(try state.startTime().get() == ISO8601DateFormatter().date(from: "2030-03-10T07:30:00Z"))
    }

    @Test("pre/post scripts are chosen by name from the offered scripts with Space (never typed as a path) and go with the request")
    func scripts() {
        let offering = ApplyWizard(servers: Self.servers, needed: Self.needed, preselected: ["WEB01"], now: Self.now,
                                   timeZone: TimeZone(identifier: "UTC")!, scripts: ["drain.ps1", "stop-iis.ps1"])
        var (state, _) = press([.enter, .enter, .enter, .down, .down, .down, .character(" "), .character(" "), .tab, .character(" ")], offering)
        var text = ApplyWizard.render(state, strings: ConsoleStrings(.en), width: 80, height: 24).text
        #expect(text.contains("Pre-script: < stop-iis.ps1 >") && text.contains("Post-script: < drain.ps1 >"), "\(text)")
        (state, _) = press([.character("/"), .character("e")], state)
        #expect(state.postScript == "drain.ps1", "letters are not a path")
        (state, _) = ApplyWizard.update(state, .enter)
        text = ApplyWizard.render(state, strings: ConsoleStrings(.en), width: 80, height: 24).text
        #expect(text.contains("Pre-script: stop-iis.ps1") && text.contains("Post-script: drain.ps1"))
        let (_, effect) = ApplyWizard.update(state, .enter)
        #expect(effect == .create(.init(servers: ["WEB01"], updateIDs: ["a", "b"], at: nil, reboot: false, preScript: "stop-iis.ps1", postScript: "drain.ps1")))
        let bare = press([.enter, .enter, .enter, .down, .down, .down, .character(" ")], wizard()).0
        #expect(bare.preScript.isEmpty)
        #expect(ApplyWizard.render(bare, strings: ConsoleStrings(.en), width: 80, height: 24).text.contains("none (no scripts folder)"))
    }

    @Test("the confirmation warns of a chosen server that stopped reporting and of patches a server has not downloaded from WSUS yet")
    func warnings() {
        let servers = [
            ServerRow(name: "WEB01", tenant: "acme", reported: true, lastReport: Self.now.addingTimeInterval(-10 * 86_400), requiredNeeded: 2,
                      recommendedNeeded: 0, failed: 0, pendingReboot: 0),
            ServerRow(name: "WEB02", tenant: "acme", reported: true, lastReport: Self.now, requiredNeeded: 1, recommendedNeeded: 0, failed: 0, pendingReboot: 0),
        ]
        let needed = [
            NeededPatch(server: "WEB01", updateID: "a", kb: "KB1", title: "one", classification: "c", policy: .required, severity: "Critical", state: .downloaded),
            NeededPatch(server: "WEB02", updateID: "a", kb: "KB1", title: "one", classification: "c", policy: .required, severity: "Critical", state: .notInstalled),
        ]
        let wizard = ApplyWizard(servers: servers, needed: needed, preselected: ["WEB01", "WEB02"], now: Self.now, staleAfterDays: 7)
        let (state, _) = press([.enter, .enter, .enter, .enter], wizard)
        #expect(state.step == .confirm)
        let text = ApplyWizard.render(state, strings: ConsoleStrings(.en), width: 120, height: 24).text
        #expect(text.contains("⚠ WEB01 has not reported to WSUS for 10 days"), "\(text)")
        #expect(text.contains("⚠ WEB02 has not downloaded from WSUS yet: KB1"))
        #expect(!text.contains("⚠ WEB02 has not reported") && !text.contains("⚠ WEB01 has not downloaded"))
        let japanese = ApplyWizard.render(state, strings: ConsoleStrings(.ja), width: 120, height: 24).text
        #expect(japanese.contains("WEB01 は 10 日間 WSUS に報告していません"))
    }
}

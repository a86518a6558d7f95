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
        NeededPatch(server: "WEB01", updateID: "a", kb: "KB1", title: "one", classification: "Security Updates", policy: "required", severity: "Critical"),
        NeededPatch(server: "WEB01", updateID: "b", kb: "KB2", title: "two", classification: "Security Updates", policy: "required", severity: "Important"),
        NeededPatch(server: "WEB01", updateID: "c", kb: "KB3", title: "three", classification: "Updates", policy: "recommended", severity: ""),
        NeededPatch(server: "WEB02", updateID: "a", kb: "KB1", title: "one", classification: "Security Updates", policy: "required", severity: "Critical"),
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

    @Test("a start time must be a valid future time; it is shown in UTC too")
    func startTime() {
        var (state, _) = press([.enter, .enter, .enter, .down, .character(" ")], wizard())
        #expect(state.step == .method && !state.startNow)
        for c in "2020-01-01 08:00" { (state, _) = ApplyWizard.update(state, .character(c)) }
        (state, _) = ApplyWizard.update(state, .enter)
        #expect(state.message == "the time must be in the future")
        state.atText = ""
        for c in "2026-12-24 22:30" { (state, _) = ApplyWizard.update(state, .character(c)) }
        #expect(ApplyWizard.render(state, strings: ConsoleStrings(.en), width: 80, height: 24).text.contains("= 2026-12-24T22:30:00Z UTC"))
        let (_, effect) = press([.enter, .enter], state)
        guard case .create(let request)? = effect else { Issue.record("no job requested"); return }
        #expect(request.at == ISO8601DateFormatter().date(from: "2026-12-24T22:30:00Z"))
    }
}

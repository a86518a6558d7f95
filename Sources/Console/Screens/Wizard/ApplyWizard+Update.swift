import Foundation
import PatchbayCore

/// What the wizard's actions do: moving in a step's list, choosing, typing the start time, going on and back.
extension ApplyWizard {
    /// Rows for the servers' and the patches' lists on a screen `height` rows high.
    public static func pageHeight(height: Int) -> Int { max(height - 5, 1) }

    public static func update(_ state: ApplyWizard, _ key: Key, pageHeight: Int = pageHeight(height: 24)) -> (ApplyWizard, Effect?) {
        guard let action = keys(state).action(for: key) else { return (state, nil) }
        var state = state
        switch action {
        case .move(let motion):
            state.list.move(motion, count: state.listCount, page: pageHeight)
        case .choose:
            state.toggle()
        case .chooseAll:
            let all = Set(state.offered.map(\.patch.updateID))
            state.chosenPatches = state.chosenPatches == all ? [] : all
        case .nextLine:
            state.list = ListCursor(selected: (state.cursor + 1) % state.listCount)
        case .type(let c):
            state.atZone = state.entryZone
            state.atText.append(c)
        case .erase:
            _ = state.atText.popLast()
            if state.atText.isEmpty { state.atZone = nil }
        case .back:
            if let previous = Step(rawValue: state.step.rawValue - 1) { state.step = previous; state.list = ListCursor(); state.message = nil }
        case .next:
            return state.advance()
        case .cancel, .close:
            return (state, .close)
        case .openMonitor:
            if let id = state.jobID { return (state, .openMonitor(id)) }
        }
        return (state, nil)
    }

    /// Space on a script line: none → each offered script in turn → none.
    func nextScript(after current: String) -> String {
        let choices = [""] + scripts
        return choices[((choices.firstIndex(of: current) ?? 0) + 1) % choices.count]
    }

    mutating func toggle() {
        switch step {
        case .servers:
            guard cursor < servers.count else { return }
            let name = servers[cursor].name
            if chosenServers.contains(name) { chosenServers.remove(name) } else { chosenServers.insert(name) }
        case .patchType:
            patchType = patchTypes[cursor]
        case .patches:
            let offered = offered
            guard cursor < offered.count else { return }
            let id = offered[cursor].patch.updateID
            if chosenPatches.contains(id) { chosenPatches.remove(id) } else { chosenPatches.insert(id) }
        case .method:
            switch MethodLine(rawValue: cursor) {
            case .now?: startNow = true
            case .at?: startNow = false
            case .reboot?: reboot.toggle()
            case .preScript?: preScript = nextScript(after: preScript)
            case .postScript?: postScript = nextScript(after: postScript)
            case nil: break
            }
        default: break
        }
    }

    mutating func advance() -> (ApplyWizard, Effect?) {
        message = nil
        switch step {
        case .servers:
            guard !chosenServers.isEmpty else { message = .noServerChosen; return (self, nil) }
            step = .patchType
            list = ListCursor(selected: patchTypes.firstIndex(of: patchType) ?? 0)
        case .patchType:
            let types = patchTypes
            if cursor < types.count { patchType = types[cursor] }
            // Entering the list selects everything it offers; the user narrows it down from there.
            chosenPatches = Set(offered.map(\.patch.updateID))
            step = .patches
            list = ListCursor()
        case .patches:
            let offeredIDs = Set(offered.map(\.patch.updateID))
            chosenPatches.formIntersection(offeredIDs)
            guard !chosenPatches.isEmpty else { message = .noPatchChosen; return (self, nil) }
            step = .method
            list = ListCursor()
        case .method:
            if case .failure(let problem) = startTime() { message = problem; return (self, nil) }
            step = .confirm
        case .confirm:
            guard case .success(let at) = startTime() else { step = .method; return (self, nil) }
            busy = true
            let ids = offered.map(\.patch.updateID).filter { chosenPatches.contains($0) }
            return (self, .create(Request(servers: chosenServers.sorted(), updateIDs: ids, at: at, reboot: reboot,
                                          preScript: preScript, postScript: postScript)))
        case .done:
            return (self, .close)
        }
        return (self, nil)
    }
}

import Foundation
import PatchbayCore

/// The wizard's keys: moving in a step's list, choosing, typing the start time, going on and back.
extension ApplyWizard {
    /// Rows for the servers' and the patches' lists on a screen `height` rows high.
    public static func pageHeight(height: Int) -> Int { max(height - 5, 1) }

    public static func update(_ state: ApplyWizard, _ key: Key, pageHeight: Int = pageHeight(height: 24)) -> (ApplyWizard, Effect?) {
        var state = state
        if state.busy { return (state, nil) }
        if state.step == .done {
            if key == .character("m"), let id = state.jobID { return (state, .openMonitor(id)) }
            return (state, key == .enter || key == .escape || key == .character("q") ? .close : nil)
        }
        if let line = state.methodLine, let handled = state.edit(line, key) { return (handled, nil) }
        if let motion = ListCursor.motion(for: key) {
            state.list.move(motion, count: state.listCount, page: pageHeight)
            return (state, nil)
        }
        switch key {
        case .escape:
            return (state, .close)
        case .character(" "):
            state.toggle()
        case .character("a") where state.step == .patches:
            let all = Set(state.offered.map(\.patch.updateID))
            state.chosenPatches = state.chosenPatches == all ? [] : all
        case .tab where state.step == .method:
            state.list = ListCursor(selected: (state.cursor + 1) % state.listCount)
        case .left, .backspace:
            if let previous = Step(rawValue: state.step.rawValue - 1) { state.step = previous; state.list = ListCursor(); state.message = nil }
        case .enter, .right:
            return state.advance()
        default:
            break
        }
        return (state, nil)
    }

    /// Typing the start time: digits and separators go into it. Nil when the key is not for the field.
    func edit(_ line: MethodLine, _ key: Key) -> ApplyWizard? {
        var state = self
        switch (line, key) {
        case (.at, .character(let c)) where !startNow && (c.isNumber || c == "-" || c == ":" || c == " "):
            state.atZone = state.entryZone
            state.atText.append(c)
        case (.at, .backspace) where !startNow:
            _ = state.atText.popLast()
            if state.atText.isEmpty { state.atZone = nil }
        default: return nil
        }
        return state
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

import PatchbayCore

/// What each step of the wizard answers to: one table per step (and per line of the method step, whose start
/// time is typed), which drives its keys and its hint bar.
extension ApplyWizard {
    public enum Action: Sendable, Hashable {
        case move(ListCursor.Motion), choose, chooseAll, nextLine, next, back, cancel
        /// Typing the start time.
        case type(Character), erase
        case openMonitor, close
    }

    public static func keys(_ state: ApplyWizard) -> KeyTable<Action> {
        if state.busy { return .none }
        let cancel = KeyBinding<Action>([.escape], "Cancel", .cancel)
        let next = KeyBinding<Action>([.enter, .right], "Next", .next)
        let back = KeyBinding<Action>([.left, .backspace], "Back", .back)
        let choose = KeyBinding<Action>([.character(" ")], "Choose", .choose)
        let moves = ListCursor.bindings { Action.move($0) }
        switch state.step {
        case .servers:
            return KeyTable(moves + [choose, next, cancel])
        case .patchType:
            return KeyTable(moves + [choose, next, back, cancel])
        case .patches:
            return KeyTable(moves + [choose, KeyBinding([.character("a")], "All", .chooseAll, spare: true), next, back, cancel])
        case .method:
            let nextLine = KeyBinding<Action>([.tab], "Next line", .nextLine, visible: false)
            guard state.methodLine == .at && !state.startNow else { return KeyTable(moves + [choose, nextLine, next, back, cancel]) }
            // On the time field Space and Backspace edit the time; ← still goes back a step.
            return KeyTable(moves + [nextLine, next, KeyBinding([.left], "Back", .back), KeyBinding([.backspace], "Erase", .erase, visible: false), cancel],
                            others: .typed(label: "Type") { $0.isNumber || $0 == "-" || $0 == ":" || $0 == " " ? .type($0) : nil })
        case .confirm:
            return KeyTable([KeyBinding([.enter], "Create job", .next), back, cancel])
        case .done:
            let close = KeyBinding<Action>([.enter, .escape, .character("q")], "Close", .close)
            return KeyTable(state.jobID == nil ? [close] : [KeyBinding([.character("m")], "Jobs", .openMonitor), close])
        }
    }
}

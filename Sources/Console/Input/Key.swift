import PatchbayCore

/// A key press as screens see it, independent of curses' codes.
public enum Key: Sendable, Hashable {
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace
    case function(Int)

    /// "q", "Enter", "F1", … for hint bars and the help screen.
    public var label: String {
        switch self {
        case .character(let c): return c == " " ? "Space" : String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .backspace: return "BS"
        case .function(let n): return "F\(n)"
        }
    }
}

/// One row of a screen's binding table: the same data drives dispatch, the hint bar and the help screen.
public struct KeyBinding<Action: Sendable & Hashable>: Sendable, Hashable {
    public var keys: [Key]
    public var label: String
    public var action: Action
    /// Shown in the bottom hint bar (all bindings appear on the help screen).
    public var visible: Bool
    /// Shown in the hint bar only when it has room for every such binding (wide terminals).
    public var spare: Bool
    /// Hard to undo (cancelling a job, skipping a failed step, starting a new job): the screen asks first.
    public var dangerous: Bool

    public init(_ keys: [Key], _ label: String, _ action: Action, visible: Bool = true, spare: Bool = false, dangerous: Bool = false) {
        self.keys = keys
        self.label = label
        self.action = action
        self.visible = visible
        self.spare = spare
        self.dangerous = dangerous
    }
}

extension Array {
    public func action<A>(for key: Key) -> A? where Element == KeyBinding<A> {
        first { $0.keys.contains(key) }?.action
    }

    public func isDangerous<A>(_ action: A) -> Bool where Element == KeyBinding<A> {
        contains { $0.action == action && $0.dangerous }
    }

    /// "/ Filter  s Sort  q Quit" in the user's language: every visible binding, or without the spare ones when
    /// that is wider than `width`; when even that is too wide, bindings before the last two (help and quit,
    /// which every screen ends with) give way from the end, so the bar is never cut mid-word.
    public func hints<A>(width: Int = .max, strings: ConsoleStrings = ConsoleStrings(.en)) -> String where Element == KeyBinding<A> {
        func bar(_ bindings: [KeyBinding<A>]) -> String {
            bindings.map { "\($0.keys[0].label) \(strings.action($0.label))" }.joined(separator: "  ")
        }
        let all = bar(filter(\.visible))
        guard DisplayWidth.of(all) > width else { return all }
        var kept = filter { $0.visible && !$0.spare }
        while DisplayWidth.of(bar(kept)) > width && kept.count > 2 { kept.remove(at: kept.count - 3) }
        return bar(kept)
    }
}

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

    public init(_ keys: [Key], _ label: String, _ action: Action, visible: Bool = true) {
        self.keys = keys
        self.label = label
        self.action = action
        self.visible = visible
    }
}

extension Array {
    public func action<A>(for key: Key) -> A? where Element == KeyBinding<A> {
        first { $0.keys.contains(key) }?.action
    }

    /// "q Quit  / Filter  s Sort", as wide as fits.
    public func hints<A>() -> String where Element == KeyBinding<A> {
        filter(\.visible).map { "\($0.keys[0].label) \($0.label)" }.joined(separator: "  ")
    }
}

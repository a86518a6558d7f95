/// Keys that work on every screen, before the screen's own table (so they must never be typed text).
public enum GlobalAction: Sendable, Hashable {
    case nextTheme
}

public enum GlobalKeys {
    public static let bindings: [KeyBinding<GlobalAction>] = [
        KeyBinding([.function(8)], "Next theme", .nextTheme, visible: false),
    ]
}

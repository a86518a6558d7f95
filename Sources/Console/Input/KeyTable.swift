import PatchbayCore

/// Everything a screen answers to in one mode: its bindings, and what becomes of the keys they do not name.
/// The same table dispatches the keys, writes the hint bar and lists the help screen, so a key the table
/// does not name changes nothing (the key-table test holds every screen to that).
public struct KeyTable<Action: Sendable & Hashable>: Sendable {
    /// The keys no binding names: left alone, typed into a field (when the field takes that character), or
    /// all given one action (a help screen closes on any key, a question takes anything but yes as no).
    public enum Others: Sendable {
        case ignored
        case typed(label: String, @Sendable (Character) -> Action?)
        case any(label: String, Action)
    }

    public var bindings: [KeyBinding<Action>]
    public var others: Others

    public init(_ bindings: [KeyBinding<Action>], others: Others = .ignored) {
        self.bindings = bindings
        self.others = others
    }

    /// A mode that takes no keys (waiting for the services' answer).
    public static var none: KeyTable { KeyTable([]) }

    public func action(for key: Key) -> Action? {
        if let bound = bindings.action(for: key) { return bound }
        switch others {
        case .ignored: return nil
        case .typed(_, let type):
            guard case .character(let character) = key else { return nil }
            return type(character)
        case .any(_, let action): return action
        }
    }

    public func isDangerous(_ action: Action) -> Bool { bindings.isDangerous(action) }

    /// The hint bar: the visible bindings (without the spare ones when narrow), then what any other key does
    /// (typing into a field needs no hint).
    public func hints(width: Int = .max, strings: ConsoleStrings = ConsoleStrings(.en)) -> String {
        var rest = ""
        if case .any(let label, _) = others { rest = "\(strings.otherKeys) \(strings.action(label))" }
        let bound = bindings.hints(width: width - (rest.isEmpty ? 0 : DisplayWidth.of(rest) + 2), strings: strings)
        return [bound, rest].filter { !$0.isEmpty }.joined(separator: "  ")
    }
}

import PatchbayCore

/// The `?` screen, made from a screen's binding table: the same data that drives its keys and hint bar.
public enum HelpScreen {
    /// The help screen's own keys: any key goes back to the screen it explains.
    public static func keys<Action>(closing: Action) -> KeyTable<Action> {
        KeyTable([], others: .any(label: "Back", closing))
    }

    public static func render<A>(title: String, table: KeyTable<A>, strings: ConsoleStrings, width: Int, height: Int) -> Canvas {
        var canvas = Canvas(width: width, height: height)
        canvas.put(title, row: 0, column: 1, role: .title)
        var entries = table.bindings.map { ($0.keys.map(\.label).joined(separator: " "), $0.label, $0.dangerous) }
        if case .typed(let label, _) = table.others { entries.append((strings.otherKeys, label, false)) }
        entries += GlobalKeys.bindings.map { ($0.keys.map(\.label).joined(separator: " "), $0.label, $0.dangerous) }
        let keyWidth = entries.map { DisplayWidth.of($0.0) }.max() ?? 0
        for (offset, entry) in entries.enumerated() where offset + 2 < height - 1 {
            canvas.put(entry.0, row: offset + 2, column: 2, role: .input)
            canvas.put(strings.action(entry.1), row: offset + 2, column: keyWidth + 5)
            if entry.2 {
                canvas.put(strings.asksFirst, row: offset + 2, column: keyWidth + 6 + DisplayWidth.of(strings.action(entry.1)), role: .warning)
            }
        }
        canvas.put(strings.anyKey, row: height - 1, column: 1, role: .hint)
        return canvas
    }
}

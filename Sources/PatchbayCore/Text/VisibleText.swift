/// The one sanitiser for text that reaches a person's terminal. Text from WSUS, from business servers and
/// from the login screen may carry terminal escapes (ESC ] 0 retitles the window, ESC ] 52 writes the
/// clipboard, ESC [ 2J clears the screen, U+009B is a one-character CSI) or bidirectional overrides that make
/// a line read differently from what it holds. Those characters are shown as `\u{1B}`: visible, and never
/// acted on by a terminal.
public enum VisibleText {
    /// C0 (tab and line breaks included), DEL, C1, the Unicode line and paragraph separators, and every format
    /// character: the bidirectional controls (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069) and the invisible
    /// ones that can make two names look alike (zero-width spaces and joiners, U+FEFF, soft hyphen, tags).
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: return true
        case 0x20...0x7E: return false
        default: return scalar.properties.generalCategory == .format
        }
    }

    /// `text` with every unsafe character written as `\u{HEX}`; characters in `keeping` (our own line
    /// breaks, for a whole printed page) pass through.
    public static func escaped(_ text: String, keeping: Set<Unicode.Scalar> = []) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0) && !keeping.contains($0) }) else { return text }
        var visible = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) && !keeping.contains(scalar) {
                visible.append(contentsOf: escape(scalar).unicodeScalars)
            } else {
                visible.append(scalar)
            }
        }
        return String(visible)
    }

    /// A page of output (many lines): safe except for its line feeds.
    public static func page(_ text: String) -> String {
        escaped(text, keeping: ["\n"])
    }

    public static func escape(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }
}

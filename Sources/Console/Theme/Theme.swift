/// How the console looks: a style per semantic role and the glyphs of borders. Screens draw roles and
/// canonical box-drawing characters; only the terminal driver applies a theme, so screens never change
/// with it (and their tests do not depend on it).
public struct Theme: Sendable, Hashable {
    public enum Color: Sendable, Hashable {
        /// The terminal's own foreground or background.
        case terminalDefault
        /// 0–7 the basic colours, 8–15 their bright forms, up to 255 on 256-colour terminals.
        case indexed(Int)

        public static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

        /// "default", a colour name, "bright-" + a name, or a number 0–255.
        public init?(name: String) {
            let lower = name.lowercased()
            if lower == "default" { self = .terminalDefault; return }
            if let index = Self.names.firstIndex(of: lower) { self = .indexed(index); return }
            if lower.hasPrefix("bright-"), let index = Self.names.firstIndex(of: String(lower.dropFirst(7))) { self = .indexed(index + 8); return }
            if let number = Int(lower), (0...255).contains(number) { self = .indexed(number); return }
            return nil
        }
    }

    public struct Style: Sendable, Hashable {
        public var foreground: Color
        public var background: Color
        public var bold = false
        public var dim = false
        public var reverse = false
        public var underline = false

        public init(foreground: Color = .terminalDefault, background: Color = .terminalDefault, bold: Bool = false, dim: Bool = false,
                    reverse: Bool = false, underline: Bool = false) {
            self.foreground = foreground
            self.background = background
            self.bold = bold
            self.dim = dim
            self.reverse = reverse
            self.underline = underline
        }

        public var usesColor: Bool { foreground != .terminalDefault || background != .terminalDefault }
    }

    /// The pieces of a border, named in theme files; screens draw the canonical character.
    public enum BorderPiece: String, Sendable, Hashable, CaseIterable {
        case horizontal, vertical, topLeft = "top_left", topRight = "top_right", bottomLeft = "bottom_left", bottomRight = "bottom_right"

        public var canonical: String {
            switch self {
            case .horizontal: return "─"
            case .vertical: return "│"
            case .topLeft: return "┌"
            case .topRight: return "┐"
            case .bottomLeft: return "└"
            case .bottomRight: return "┘"
            }
        }
    }

    public static let mono = "mono"

    public var name: String
    public var description: String
    public var styles: [StyleRole: Style]
    public var borders: [BorderPiece: String]

    public init(name: String, description: String = "", styles: [StyleRole: Style], borders: [BorderPiece: String] = [:]) {
        self.name = name
        self.description = description
        self.styles = styles
        self.borders = borders
    }

    /// A role without its own style looks like normal text.
    public func style(_ role: StyleRole) -> Style { styles[role] ?? styles[.normal] ?? Style() }

    public var usesColor: Bool { styles.values.contains(where: \.usesColor) }

    private static let piecesByCanonical = Dictionary(uniqueKeysWithValues: BorderPiece.allCases.map { ($0.canonical, $0) })

    /// What the terminal shows for a border cell drawn with `canonical`.
    public func glyph(_ canonical: String) -> String {
        guard let piece = Self.piecesByCanonical[canonical] else { return canonical }
        return borders[piece] ?? canonical
    }
}

import PatchbayCore

/// What a cell means, not how it looks: themes map roles to colours and attributes.
public enum StyleRole: String, Sendable, Hashable, CaseIterable {
    case normal, title, border, hint, selection, input, error, muted, critical, important, moderate, low, success, warning
}

/// A terminal-independent grid of cells. Text is clipped by display width: a wide character that does not
/// fit is left out rather than spilling onto the next line, as ncurses would.
public struct Canvas: Sendable, Hashable {
    public struct Cell: Sendable, Hashable {
        /// The character drawn here; "" for the second column of a wide character.
        public var text: String
        public var role: StyleRole
    }

    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        cells = Array(repeating: Cell(text: " ", role: .normal), count: self.width * self.height)
    }

    /// Writes `text` at (row, column) within `limit` columns (default: to the right edge); returns the
    /// columns used. Control and bidi characters are drawn as visible escapes (VisibleText), never sent.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, role: StyleRole = .normal, limit: Int? = nil) -> Int {
        guard row >= 0, row < height, column < width else { return 0 }
        let end = min(width, column + (limit ?? width))
        var x = column
        for character in VisibleText.escaped(text) {
            let w = DisplayWidth.of(String(character))
            if w == 0 { continue }
            if x + w > end { break }
            if x >= 0 {
                cells[row * width + x] = Cell(text: String(character), role: role)
                if w == 2 { cells[row * width + x + 1] = Cell(text: "", role: role) }
            }
            x += w
        }
        return x - column
    }

    /// Paints a run of cells with a role (e.g. the selected row), keeping their characters.
    public mutating func paint(row: Int, from column: Int = 0, width count: Int? = nil, role: StyleRole) {
        guard row >= 0, row < height else { return }
        let end = min(width, column + (count ?? width))
        for x in max(column, 0)..<max(end, max(column, 0)) { cells[row * width + x].role = role }
    }

    /// The first line every screen shares: its title on the left, who is logged in (and more) on the right.
    /// The title and, on the right, as many of `parts` as fit beside it: the last ones are left out first.
    public mutating func putTitleBar(_ title: String, right parts: [String]) {
        var parts = parts.filter { !$0.isEmpty }
        while parts.count > 1 && DisplayWidth.of(title) + DisplayWidth.of(parts.joined(separator: "  ")) + 4 > width { parts.removeLast() }
        putTitleBar(title, right: parts.joined(separator: "  "))
    }

    public mutating func putTitleBar(_ title: String, right: String) {
        put(title, row: 0, column: 1, role: .title)
        put(right, row: 0, column: max(width - DisplayWidth.of(right) - 1, 20), role: .muted)
    }

    public func cell(row: Int, column: Int) -> Cell { cells[row * width + column] }

    /// The canvas as plain text lines (trailing blanks trimmed): what tests compare with goldens.
    public var text: String {
        (0..<height).map { row in
            var line = ""
            for column in 0..<width { line += cells[row * width + column].text }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}

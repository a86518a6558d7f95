import PatchbayCore

extension Canvas {
    /// A horizontal line in the border role (the theme picks the glyph), optionally with a label in it.
    public mutating func rule(row: Int, from column: Int = 0, width count: Int? = nil, label: String = "") {
        let end = min(width, column + (count ?? width))
        guard end > column else { return }
        put(String(repeating: Theme.BorderPiece.horizontal.canonical, count: end - column), row: row, column: column, role: .border)
        if !label.isEmpty { put(" \(label) ", row: row, column: column + 2, role: .title, limit: end - column - 4) }
    }

    /// A frame around (top, left)–(bottom, right), both inclusive, with an optional title in its top edge.
    public mutating func box(top: Int, left: Int, bottom: Int, right: Int, title: String = "") {
        guard bottom > top, right > left else { return }
        rule(row: top, from: left, width: right - left + 1, label: title)
        rule(row: bottom, from: left, width: right - left + 1)
        for row in top...bottom {
            put(Theme.BorderPiece.vertical.canonical, row: row, column: left, role: .border)
            put(Theme.BorderPiece.vertical.canonical, row: row, column: right, role: .border)
        }
        put(Theme.BorderPiece.topLeft.canonical, row: top, column: left, role: .border)
        put(Theme.BorderPiece.topRight.canonical, row: top, column: right, role: .border)
        put(Theme.BorderPiece.bottomLeft.canonical, row: bottom, column: left, role: .border)
        put(Theme.BorderPiece.bottomRight.canonical, row: bottom, column: right, role: .border)
    }
}

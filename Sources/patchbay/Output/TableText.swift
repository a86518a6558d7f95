import PatchbayCore

/// A plain text table that fits a given width: the widest columns give way first, cut text ends in "…".
enum TableText {
    static let gap = 2
    static let narrowest = 6

    static func render(_ listing: Listing, width: Int?) -> String {
        let layout = Layout(listing, width: width)
        return layout.header + listing.rows.map(layout.line).joined()
    }

    /// Column widths worked out from a listing's rows (all of them, or the first ones of a stream), and the
    /// lines of any row at those widths: a cell wider than its column is cut with "…".
    struct Layout {
        let widths: [Int]
        let header: String

        init(_ listing: Listing, width: Int?) {
            let headers = listing.columns.map { $0.uppercased() }
            var widths = headers.map(DisplayWidth.of)
            for row in listing.rows {
                for (index, cell) in row.enumerated() where index < widths.count {
                    widths[index] = max(widths[index], DisplayWidth.of(TableText.cell(cell)))
                }
            }
            if let width { widths = TableText.fit(widths, into: width, floors: headers.map { min(DisplayWidth.of($0), 10) }) }
            self.widths = widths
            header = Self.line(headers, widths)
        }

        func line(_ row: [String]) -> String {
            Self.line(row.map(TableText.cell), widths)
        }

        private static func line(_ cells: [String], _ widths: [Int]) -> String {
            zip(cells, widths).enumerated().map { index, pair in
                let text = DisplayWidth.truncate(pair.0, to: pair.1)
                return index == widths.count - 1 ? text : DisplayWidth.pad(text, to: pair.1)
            }.joined(separator: String(repeating: " ", count: gap)).trimmingTrailingSpaces() + "\n"
        }
    }

    /// A cell as a table shows it: on one line, every unsafe character visible.
    static func cell(_ text: String) -> String {
        VisibleText.escaped(flatten(text))
    }

    /// Shrinks the widest column one step at a time until the table fits. Columns keep their header width
    /// (up to 10) while others can still give way; only then do all shrink down to `narrowest`.
    static func fit(_ natural: [Int], into total: Int, floors: [Int]) -> [Int] {
        var widths = natural
        let gaps = gap * max(widths.count - 1, 0)
        for floor in [floors, floors.map { _ in narrowest }] {
            while widths.reduce(0, +) + gaps > total {
                let candidates = widths.indices.filter { widths[$0] > max(floor[$0], narrowest) }
                guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
                widths[widest] -= 1
            }
        }
        return widths
    }

    private static func flatten(_ text: String) -> String {
        text.contains(where: \.isNewline) ? text.split(whereSeparator: \.isNewline).joined(separator: " ") : text
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}

import Foundation
import PatchbayCore

/// Rows ready to print. Column keys are lower-case with dashes ("ip-address"); they head CSV columns,
/// name JSON fields and, upper-cased, head table columns.
struct Listing {
    var columns: [String]
    var rows: [[String]]
    /// Columns a table may leave out, first ones first, when the terminal is too narrow for all of them
    /// (CSV and JSON always carry every column).
    var droppable: [String] = []

    func render(_ format: OutputFormat, width: Int?) -> String {
        switch format {
        case .table: return TableText.render(fitted(to: width), width: width)
        case .csv: return ([CSV.line(columns)] + rows.map(CSV.spreadsheetLine)).map { $0 + "\n" }.joined()
        case .json: return JSONText.render(self)
        }
    }

    /// Leaves out droppable columns until the table's natural width fits `width`.
    func fitted(to width: Int?) -> Listing {
        guard let width else { return self }
        var listing = self
        for name in droppable {
            guard listing.naturalWidth > width, let index = listing.columns.firstIndex(of: name) else { continue }
            listing.columns.remove(at: index)
            listing.rows = listing.rows.map { row in var row = row; if index < row.count { row.remove(at: index) }; return row }
        }
        return listing
    }

    var naturalWidth: Int {
        columns.indices.map { index in
            max(DisplayWidth.of(columns[index]), rows.map { index < $0.count ? DisplayWidth.of($0[index]) : 0 }.max() ?? 0)
        }.reduce(0, +) + TableText.gap * max(columns.count - 1, 0)
    }

    /// CSV into a pipe or file is written as it is (formulas already neutralised); anything for a terminal goes
    /// through VisibleText.
    static func writesRaw(_ format: OutputFormat) -> Bool {
        format == .csv && isatty(STDOUT_FILENO) != 1
    }

    func print(_ format: OutputFormat) {
        let text = render(format, width: TerminalSize.columns())
        // CSV keeps the text for spreadsheets, but never drives a terminal it is printed to.
        if Self.writesRaw(format) { Say.raw(text) } else { Say.text(text) }
    }
}

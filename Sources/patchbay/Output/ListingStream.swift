import Foundation
import PatchbayCore

/// A listing written as its rows arrive, for listings too large to hold (a million patch-status rows): CSV
/// and JSON rows go out at once; a table looks ahead at its first `lookAhead` rows for its column widths
/// (and which columns fit the terminal), and later rows are cut to those widths. Into a file (`--output`) it
/// writes a temporary file beside the target and renames it over the target at `finish`, so a failed listing
/// leaves no half-written file; on standard output what was written stays written.
final class ListingStream {
    static let lookAhead = 1_000

    private let columns: [String]
    private let droppable: [String]
    private let format: OutputFormat
    private let sink: Sink
    private var pending: [[String]] = []
    private var table: (layout: TableText.Layout, kept: [Int])?
    private(set) var rowCount = 0

    /// `output`: a file path, or nil for standard output.
    init(columns: [String], droppable: [String], format: OutputFormat, output: String?) throws {
        self.columns = columns
        self.droppable = droppable
        self.format = format
        if let output {
            sink = .file(try AtomicFile.Writer(path: output))
        } else {
            sink = .standardOutput(raw: Listing.writesRaw(format), width: TerminalSize.columns())
        }
    }

    func add(_ rows: [[String]]) throws {
        guard !rows.isEmpty else { return }
        var text = ""
        switch format {
        case .csv:
            if rowCount == 0 { text += CSV.line(columns) + "\n" }
            for row in rows { text += CSV.spreadsheetLine(row) + "\n" }
        case .json:
            for (index, row) in rows.enumerated() {
                text += rowCount + index == 0 ? "[\n" : ",\n"
                text += "  {" + zip(columns, row).map { "\(JSONText.quote($0)): \(JSONText.quote($1))" }.joined(separator: ", ") + "}"
            }
        case .table:
            if table == nil {
                pending += rows
                rowCount += rows.count
                if pending.count >= Self.lookAhead { try write(layOut()) }
                return
            }
            text = tableLines(rows)
        }
        rowCount += rows.count
        try write(text)
    }

    /// Writes what is still held and ends the listing; into a file, puts the file in place.
    func finish() throws {
        switch format {
        case .csv: if rowCount == 0 { try write(CSV.line(columns) + "\n") }
        case .json: try write(rowCount == 0 ? "[]\n" : "\n]\n")
        case .table: if table == nil { try write(layOut()) }
        }
        if case .file(let writer) = sink { try writer.commit() }
    }

    /// Fixes the table's columns and widths from the rows held so far; returns the header and those rows.
    private func layOut() -> String {
        let width: Int?
        if case .standardOutput(_, let columns) = sink { width = columns } else { width = nil }
        let fitted = Listing(columns: columns, rows: pending, droppable: droppable).fitted(to: width)
        let kept = fitted.columns.compactMap { columns.firstIndex(of: $0) }
        let layout = TableText.Layout(fitted, width: width)
        table = (layout, kept)
        let text = layout.header + fitted.rows.map(layout.line).joined()
        pending = []
        return text
    }

    private func tableLines(_ rows: [[String]]) -> String {
        guard let (layout, kept) = table else { return "" }
        return rows.map { row in layout.line(kept.map { $0 < row.count ? row[$0] : "" }) }.joined()
    }

    private func write(_ text: String) throws {
        switch sink {
        case .file(let writer): try writer.write(text)
        case .standardOutput(let raw, _): raw ? Say.raw(text) : Say.text(text)
        }
    }

    private enum Sink {
        case file(AtomicFile.Writer)
        case standardOutput(raw: Bool, width: Int?)
    }
}

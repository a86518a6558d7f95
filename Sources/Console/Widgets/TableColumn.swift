/// One column of a table screen, declared once: its heading, its width rule, from which screen width it is
/// shown (narrow screens drop the columns with the highest thresholds first), its style and its value.
/// Screens list their columns; `TableColumns` lays them out, so no screen counts column indices or widths.
public struct TableColumn<Row>: Sendable {
    public enum Width: Sendable, Hashable {
        case fixed(Int)
        /// Wider on screens of 100 columns or more, where the headings are not abbreviated either.
        case wide(Int, narrow: Int)
        /// The rest of the line (the last column).
        case rest

        func cells(screen: Int) -> Int? {
            switch self {
            case .fixed(let cells): return cells
            case .wide(let wide, let narrow): return screen >= TableColumns.wideScreen ? wide : narrow
            case .rest: return nil
            }
        }
    }

    public let id: String
    public let width: Width
    /// The narrowest screen that shows this column (0: every screen).
    public let shownFrom: Int
    let heading: @Sendable (ConsoleStrings, _ wide: Bool) -> String
    /// The value, given the cells it has (the last column's are what is left of the line).
    let value: @Sendable (Row, ConsoleStrings, _ cells: Int) -> String
    let role: @Sendable (Row) -> StyleRole

    public init(_ id: String, _ width: Width, shownFrom: Int = 0,
                heading: @escaping @Sendable (ConsoleStrings, _ wide: Bool) -> String,
                role: @escaping @Sendable (Row) -> StyleRole = { _ in .normal },
                value: @escaping @Sendable (Row, ConsoleStrings, _ cells: Int) -> String) {
        self.id = id
        self.width = width
        self.shownFrom = shownFrom
        self.heading = heading
        self.value = value
        self.role = role
    }
}

/// Lays declared columns out on a canvas: the headings line and one line per row.
public enum TableColumns {
    static let wideScreen = 100

    public static func shown<Row>(_ columns: [TableColumn<Row>], screen: Int) -> [TableColumn<Row>] {
        columns.filter { screen >= $0.shownFrom }
    }

    /// `mark`: what follows a heading (the sort arrow).
    public static func putHeadings<Row>(_ columns: [TableColumn<Row>], into canvas: inout Canvas, row: Int, strings: ConsoleStrings,
                                        mark: (TableColumn<Row>) -> String = { _ in "" }) {
        var x = 1
        for column in shown(columns, screen: canvas.width) {
            let text = column.heading(strings, canvas.width >= wideScreen) + mark(column)
            let cells = column.width.cells(screen: canvas.width)
            canvas.put(text, row: row, column: x, role: .title, limit: cells.map { $0 - 1 })
            x += cells ?? 0
        }
    }

    public static func putRow<Row>(_ value: Row, _ columns: [TableColumn<Row>], into canvas: inout Canvas, row: Int, strings: ConsoleStrings) {
        var x = 1
        for column in shown(columns, screen: canvas.width) {
            let cells = column.width.cells(screen: canvas.width)
            let text = column.value(value, strings, cells ?? canvas.width - x)
            canvas.put(text, row: row, column: x, role: column.role(value), limit: cells.map { $0 - 1 })
            x += cells ?? 0
        }
    }
}

import Foundation
import PatchbayCore

/// One approved patch as the list shows it, with how many servers in the user's scope still need it.
public struct PatchRow: Sendable, Hashable {
    public var kb: String
    public var title: String
    public var classification: String
    public var severity: String
    public var policy: PatchPolicy
    public var released: Date?
    public var products: String
    public var needed: Int
    public var updateID: String

    public init(kb: String, title: String, classification: String, severity: String, policy: PatchPolicy, released: Date?,
                products: String, needed: Int, updateID: String) {
        self.kb = kb
        self.title = title
        self.classification = classification
        self.severity = severity
        self.policy = policy
        self.released = released
        self.products = products
        self.needed = needed
        self.updateID = updateID
    }
}

/// The patch list: sort by any column, `/` filters as you type over precomputed lower-case keys (an index
/// array, so 100,000 rows stay instant), and only the visible rows are rendered.
public struct PatchListScreen: Sendable, Hashable {
    public enum Column: String, Sendable, Hashable, CaseIterable {
        case kb, severity, policy, needed, released, classification, products, title
    }

    public enum Action: Sendable, Hashable {
        case move(ListCursor.Motion), startFilter, sortNext, reverse, presets, details, servers, apply, jobs, status, quit, help
        /// Esc on the list: closes the details pane, else clears the filter.
        case close
        case type(Character), erase, finishFilter
        case choosePreset, closePicker
        case closeHelp
    }

    public enum Effect: Sendable, Hashable {
        case quit, apply, jobs, status, showServers
        /// The details pane shows this patch: load its description and supersedence.
        case details(updateID: String)
    }

    public static let bindings: [KeyBinding<Action>] = ListCursor.bindings { .move($0) } + [
        KeyBinding([.character(" ")], "Page down", .move(.pageDown), visible: false),
        KeyBinding([.character("/"), .function(3)], "Filter", .startFilter),
        KeyBinding([.character("s"), .function(6)], "Sort", .sortNext, spare: true),
        KeyBinding([.character("r")], "Reverse", .reverse, visible: false),
        KeyBinding([.character("p"), .function(9)], "Presets", .presets),
        KeyBinding([.character("d"), .enter], "Details", .details),
        KeyBinding([.tab, .function(2)], "Servers", .servers),
        KeyBinding([.character("a"), .function(5)], "Apply", .apply),
        KeyBinding([.character("m"), .function(4)], "Jobs", .jobs),
        KeyBinding([.character("v"), .function(7)], "Status", .status, spare: true),
        KeyBinding([.character("?"), .function(1)], "Help", .help),
        KeyBinding([.character("q"), .function(10)], "Quit", .quit),
        KeyBinding([.escape], "Close", .close, visible: false),
    ]

    static let filterBindings: [KeyBinding<Action>] = [
        KeyBinding([.enter, .escape], "Done", .finishFilter),
        KeyBinding([.backspace], "Erase", .erase),
    ]

    static let pickerBindings: [KeyBinding<Action>] = ListCursor.bindings { .move($0) } + [
        KeyBinding([.enter, .character(" ")], "Choose", .choosePreset),
        KeyBinding([.escape, .character("p"), .function(9), .character("q")], "Close", .closePicker),
    ]

    /// The keys of the mode the list is in.
    public static func keys(_ state: PatchListScreen) -> KeyTable<Action> {
        switch state.mode {
        case .browsing: return KeyTable(bindings)
        case .filtering: return KeyTable(filterBindings, others: .typed(label: "Type") { .type($0) })
        case .picking: return KeyTable(pickerBindings)
        case .help: return HelpScreen.keys(closing: .closeHelp)
        }
    }

    public private(set) var rows: [PatchRow]
    private var search: SearchIndex
    /// The visible rows before each character typed into the filter: Backspace goes back without filtering again.
    private var narrowing: [[Int]] = []
    public private(set) var visible: [Int]
    public var filter = ""
    public var sort = Column.needed
    public var ascending = false
    public private(set) var cursor = ListCursor()
    public var selected: Int { cursor.selected }
    public var top: Int { cursor.top }
    /// Where the keys go: the list, the filter being typed, the preset picker, or the `?` screen (every binding
    /// of the table, the hidden ones too). One mode at a time, so which one wins is never a question.
    public enum Mode: Sendable, Hashable, CaseIterable { case browsing, filtering, picking, help }
    public var mode = Mode.browsing
    public var filtering: Bool { mode == .filtering }
    public var picking: Bool { mode == .picking }
    public var showingHelp: Bool { mode == .help }
    public var presets = PatchPresets()
    /// The preset picker's cursor.
    public private(set) var picker = ListCursor()
    public var pickerCursor: Int { picker.selected }
    /// What the picker offers, worked out once when it opens (products are split from every row).
    var pickerChoices: [PatchPresets.Choice] = []
    /// The details pane under the list: part of the layout, open in every mode (the filter narrows the list
    /// while the pane follows the selection).
    public var showingDetails = false

    /// `strings`: the user's language, whose words for severity and required/recommended can be searched too.
    public init(rows: [PatchRow], strings: ConsoleStrings = ConsoleStrings(.en)) {
        self.rows = rows
        search = SearchIndex(rows.map { row in
            var text = "\(row.kb) \(row.title) \(row.classification) \(row.severity) \(row.policy.rawValue) \(row.products)"
            if strings.language != .en { text += " \(strings.severity(row.severity)) \(strings.policy(row.policy))" }
            return text
        })
        visible = Array(rows.indices)
        applySortAndFilter()
    }

    /// The same list over rows read again: the filter (also one being typed), the presets, the sort, the mode
    /// and the details pane stay; the selection stays on the same patch, on the same line of the screen (on the
    /// same position when that patch is gone).
    public func replacingRows(_ rows: [PatchRow], strings: ConsoleStrings) -> PatchListScreen {
        var next = PatchListScreen(rows: rows, strings: strings)
        next.filter = filter
        next.sort = sort
        next.ascending = ascending
        next.presets = presets
        next.mode = mode
        next.showingDetails = showingDetails
        next.picker = picker
        if mode == .picking { next.pickerChoices = PatchPresets.choices(for: rows) }
        next.applySortAndFilter()
        next.cursor = cursor
        let position = current.flatMap { kept in next.visible.firstIndex { next.rows[$0].updateID == kept.updateID } }
        next.cursor.follow(to: position ?? selected, count: next.visible.count)
        return next
    }

    /// A longer filter only narrows what is shown, keeping its order: no new sort, and only the visible rows searched.
    mutating func typeIntoFilter(_ character: Character) {
        narrowing.append(visible)
        filter.append(character)
        visible = search.filter(visible, containing: filter)
        cursor = ListCursor()
    }

    mutating func eraseFromFilter() {
        guard !filter.isEmpty else { return }
        filter.removeLast()
        if let previous = narrowing.popLast() {
            visible = previous
            cursor.clamp(count: visible.count)
        } else {
            applySortAndFilter()
        }
    }

    mutating func applySortAndFilter() {
        narrowing = []
        let rows = rows
        let presets = presets
        var indices = presets.isEmpty ? Array(rows.indices) : rows.indices.filter { presets.admits(rows[$0]) }
        indices = search.filter(indices, containing: filter)
        let order: (Int, Int) -> Bool
        switch sort {
        case .kb: order = { rows[$0].kb < rows[$1].kb }
        case .severity: order = { Self.severityRank(rows[$0].severity) < Self.severityRank(rows[$1].severity) }
        case .policy: order = { rows[$0].policy.rawValue < rows[$1].policy.rawValue }
        case .needed: order = { rows[$0].needed < rows[$1].needed }
        case .released: order = { (rows[$0].released ?? .distantPast) < (rows[$1].released ?? .distantPast) }
        case .classification: order = { rows[$0].classification < rows[$1].classification }
        case .products: order = { rows[$0].products < rows[$1].products }
        case .title: order = { rows[$0].title < rows[$1].title }
        }
        indices.sort { a, b in
            if order(a, b) { return ascending }
            if order(b, a) { return !ascending }
            return rows[a].kb < rows[b].kb
        }
        visible = indices
        cursor.clamp(count: visible.count)
    }

    static func severityRank(_ severity: String) -> Int {
        ["Low": 1, "Moderate": 2, "Important": 3, "Critical": 4][severity] ?? 0
    }

    /// The selected patch, if the list shows any.
    public var current: PatchRow? { visible.indices.contains(selected) ? rows[visible[selected]] : nil }

    /// Rows of the list itself: fewer when the details pane takes the lower part of the screen.
    public static func listHeight(_ state: PatchListScreen, height: Int) -> Int {
        state.showingDetails ? max((height - 5) * 2 / 5, 3) : max(height - 5, 1)
    }

    public static func update(_ state: PatchListScreen, _ key: Key, pageHeight: Int) -> (PatchListScreen, Effect?) {
        guard let action = keys(state).action(for: key) else { return (state, nil) }
        var state = state
        switch state.mode {
        case .help:
            state.mode = .browsing
            return (state, nil)
        case .filtering:
            switch action {
            case .finishFilter: state.mode = .browsing
            case .erase: state.eraseFromFilter()
            case .type(let c): state.typeIntoFilter(c)
            default: break
            }
            return (state, state.detailsEffect)
        case .picking:
            return (state.pick(action, page: pageHeight), nil)
        case .browsing:
            break
        }
        let before = state.current?.updateID
        let (next, effect) = state.act(action, pageHeight: pageHeight)
        if effect == nil, next.showingDetails, next.current?.updateID != before || !state.showingDetails { return (next, next.detailsEffect) }
        return (next, effect)
    }

    var detailsEffect: Effect? {
        guard showingDetails, let current else { return nil }
        return .details(updateID: current.updateID)
    }

    /// The preset picker: move, choose (the list follows at once), close.
    func pick(_ action: Action, page: Int) -> PatchListScreen {
        var state = self
        let choices = pickerChoices
        switch action {
        case .move(let motion):
            state.picker.move(motion, count: choices.count, page: page)
        case .choosePreset:
            guard choices.indices.contains(state.pickerCursor) else { break }
            state.presets.choose(choices[state.pickerCursor])
            state.cursor = ListCursor()
            state.applySortAndFilter()
        case .closePicker: state.mode = .browsing
        default: break
        }
        return state
    }

    func act(_ action: Action, pageHeight: Int) -> (PatchListScreen, Effect?) {
        var state = self
        switch action {
        case .move(let motion): state.cursor.move(motion, count: state.visible.count, page: pageHeight)
        case .startFilter: state.mode = .filtering
        case .sortNext:
            let all = Column.allCases
            state.sort = all[(all.firstIndex(of: state.sort)! + 1) % all.count]
            state.applySortAndFilter()
        case .reverse: state.ascending.toggle(); state.applySortAndFilter()
        case .presets:
            state.mode = .picking
            state.pickerChoices = PatchPresets.choices(for: state.rows)
            state.picker.clamp(count: state.pickerChoices.count)
        case .details: state.showingDetails.toggle()
        case .close:
            if state.showingDetails {
                state.showingDetails = false
            } else if !state.filter.isEmpty {
                state.filter = ""
                state.applySortAndFilter()
            }
        case .help: state.mode = .help
        case .servers: return (state, .showServers)
        case .apply: return (state, .apply)
        case .jobs: return (state, .jobs)
        case .status: return (state, .status)
        case .quit: return (state, .quit)
        case .type, .erase, .finishFilter, .choosePreset, .closePicker, .closeHelp: break
        }
        state.cursor.fit(count: state.visible.count, page: pageHeight)
        return (state, nil)
    }

    /// The list's columns. Narrow terminals leave out the products (under 150 columns), then the classification
    /// (under 100), so the title keeps room; the details pane shows them all.
    public static let columns: [TableColumn<PatchRow>] = [
        TableColumn(Column.kb.rawValue, .fixed(10), heading: { strings, _ in strings.column("kb") }) { row, _, _ in row.kb },
        TableColumn(Column.severity.rawValue, .fixed(10), heading: { strings, _ in strings.column("severity") },
                    role: { severityRole($0.severity) }) { row, strings, _ in strings.severity(row.severity) },
        TableColumn(Column.policy.rawValue, .fixed(12), heading: { strings, _ in strings.column("policy") }) { row, strings, _ in strings.policy(row.policy) },
        TableColumn(Column.needed.rawValue, .fixed(8), heading: { strings, _ in strings.column("needed") }) { row, _, _ in String(row.needed) },
        TableColumn(Column.released.rawValue, .fixed(11), heading: { strings, _ in strings.column("released") }) { row, _, _ in
            row.released.map { String(UTCTime.iso($0).prefix(10)) } ?? ""
        },
        TableColumn(Column.classification.rawValue, .fixed(17), shownFrom: 100, heading: { strings, _ in strings.column("classification") }) { row, _, _ in
            row.classification
        },
        TableColumn(Column.products.rawValue, .fixed(32), shownFrom: 150, heading: { strings, _ in strings.column("products") }) { row, _, _ in
            row.products.replacingOccurrences(of: "\n", with: ", ")
        },
        TableColumn(Column.title.rawValue, .rest, heading: { strings, _ in strings.column("title") }) { row, _, cells in
            PatchTitle.fitted(row.title, width: cells - 1)
        },
    ]

    /// `details` and `servers` feed the details pane when it is open: the loaded description and supersedence
    /// of the selected patch (nil while loading), and its state on each server in scope.
    /// `readAt`: when the rows were read (the title bar says so; the console reads again when the CMDB changes).
    public static func render(_ state: PatchListScreen, strings: ConsoleStrings, user: String, width: Int, height: Int, readAt: Date? = nil,
                              details: PatchDetails? = nil, servers: [ServerState] = []) -> Canvas {
        if state.showingHelp { return HelpScreen.render(title: "Patchbay — \(strings.patches) — \(strings.help)", table: KeyTable(bindings), strings: strings, width: width, height: height) }
        var canvas = Canvas(width: width, height: height)
        let presets = state.presets.isEmpty ? "" : "  [\(state.presets.summary(strings))]"
        canvas.putTitleBar("Patchbay — \(strings.patches)\(presets)", right: [user, strings.shown(state.visible.count, of: state.rows.count), readAt.map(strings.dataRead) ?? ""])
        TableColumns.putHeadings(columns, into: &canvas, row: 2, strings: strings) { column in
            column.id == state.sort.rawValue ? (state.ascending ? "▲" : "▼") : ""
        }
        let pageHeight = listHeight(state, height: height)
        if state.visible.isEmpty { canvas.put(strings.noPatches, row: 3, column: 1, role: .muted) }
        var cursor = state.cursor
        cursor.fit(count: state.visible.count, page: pageHeight)
        for (offset, position) in cursor.window(count: state.visible.count, page: pageHeight).enumerated() {
            let y = 3 + offset
            TableColumns.putRow(state.rows[state.visible[position]], columns, into: &canvas, row: y, strings: strings)
            if position == cursor.selected { canvas.paint(row: y, role: .selection) }
        }
        if state.showingDetails, let current = state.current {
            let matching = details?.patch.updateID == current.updateID ? details : nil
            PatchDetailsPane.render(into: &canvas, row: current, details: matching, servers: servers, strings: strings,
                                    top: 3 + pageHeight, bottom: height - 2)
        }
        if state.picking { renderPicker(state, into: &canvas, strings: strings) }
        // The filter being typed, or the one in force, comes first; the keys of the mode follow.
        let typed = state.filtering || !state.filter.isEmpty ? "/\(state.filter)\(state.filtering ? "▏" : "")  " : ""
        canvas.put(typed, row: height - 1, column: 1, role: .input)
        canvas.put(keys(state).hints(width: width - 2 - DisplayWidth.of(typed), strings: strings), row: height - 1, column: 1 + DisplayWidth.of(typed), role: .hint)
        return canvas
    }

    /// The preset picker, a box over the right part of the list.
    static func renderPicker(_ state: PatchListScreen, into canvas: inout Canvas, strings: ConsoleStrings) {
        let choices = state.pickerChoices
        let left = max(canvas.width - 56, 2), right = canvas.width - 1
        let room = canvas.height - 6
        var picker = state.picker
        picker.fit(count: choices.count, page: room)
        let first = picker.top
        let shown = choices[picker.window(count: choices.count, page: room)]
        let bottom = 2 + shown.count + 1
        for y in 2...bottom { canvas.put(String(repeating: " ", count: right - left + 1), row: y, column: left) }
        canvas.box(top: 2, left: left, bottom: bottom, right: right, title: strings.presets)
        for (offset, choice) in shown.enumerated() {
            let index = first + offset
            let mark = choice == .clear ? "   " : (state.presets.isChosen(choice) ? "[x]" : "[ ]")
            canvas.put("\(mark) \(PatchPresets.label(choice, strings))", row: 3 + offset, column: left + 2, limit: right - left - 3)
            if index == picker.selected { canvas.paint(row: 3 + offset, from: left + 1, width: right - left - 1, role: .selection) }
        }
    }

    static func severityRole(_ severity: String) -> StyleRole {
        switch severity {
        case "Critical": return .critical
        case "Important": return .important
        case "Moderate": return .moderate
        case "Low": return .low
        default: return .normal
        }
    }
}

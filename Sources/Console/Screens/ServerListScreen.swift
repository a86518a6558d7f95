import Foundation
import PatchbayCore

/// One server in the user's scope with what it still needs.
public struct ServerRow: Sendable, Hashable {
    public var name: String
    public var tenant: String
    public var reported: Bool
    public var lastReport: Date?
    public var requiredNeeded: Int
    public var recommendedNeeded: Int
    public var failed: Int
    public var pendingReboot: Int
    public var ipAddress: String
    /// The WSUS server it reports to.
    public var wsus: String
    /// Its recorded IANA time zone; empty when the CMDB has none.
    public var timeZone: String

    public init(name: String, tenant: String, reported: Bool, lastReport: Date?, requiredNeeded: Int, recommendedNeeded: Int,
                failed: Int, pendingReboot: Int, ipAddress: String = "", wsus: String = "", timeZone: String = "") {
        self.timeZone = timeZone
        self.ipAddress = ipAddress
        self.wsus = wsus
        self.name = name
        self.tenant = tenant
        self.reported = reported
        self.lastReport = lastReport
        self.requiredNeeded = requiredNeeded
        self.recommendedNeeded = recommendedNeeded
        self.failed = failed
        self.pendingReboot = pendingReboot
    }
}

/// The server list: unapplied required and recommended patches, failures, pending restarts, and the last
/// WSUS report — marked stale when older than the configured number of days, or "not reported yet".
public struct ServerListScreen: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        case move(ListCursor.Motion), details, patches, apply, jobs, status, help, quit
        /// Esc: closes the details pane.
        case close
        case closeHelp
    }

    public enum Effect: Sendable, Hashable {
        case quit, apply, jobs, status, showPatches
        /// The details pane shows this server.
        case details(server: String)
    }

    public static let bindings: [KeyBinding<Action>] = ListCursor.bindings { .move($0) } + [
        KeyBinding([.character("d"), .enter], "Details", .details),
        KeyBinding([.tab, .function(2)], "Patches", .patches),
        KeyBinding([.character("a"), .function(5)], "Apply", .apply),
        KeyBinding([.character("m"), .function(4)], "Jobs", .jobs),
        KeyBinding([.character("v"), .function(7)], "Status", .status),
        KeyBinding([.character("?"), .function(1)], "Help", .help),
        KeyBinding([.character("q"), .function(10)], "Quit", .quit),
        KeyBinding([.escape], "Close", .close, visible: false),
    ]

    public static func keys(_ state: ServerListScreen) -> KeyTable<Action> {
        state.mode == .help ? HelpScreen.keys(closing: .closeHelp) : KeyTable(bindings)
    }

    public private(set) var rows: [ServerRow]
    public private(set) var cursor = ListCursor()
    public var selected: Int { cursor.selected }
    public var top: Int { cursor.top }
    /// Where the keys go: the screen, or the `?` screen listing every binding.
    public enum Mode: Sendable, Hashable { case browsing, help }
    public var mode = Mode.browsing
    public var showingHelp: Bool { mode == .help }
    public var showingDetails = false
    public let staleAfterDays: Int
    public let now: Date

    public init(rows: [ServerRow], staleAfterDays: Int, now: Date) {
        self.rows = rows.sorted { ($0.tenant, $0.name) < ($1.tenant, $1.name) }
        self.staleAfterDays = staleAfterDays
        self.now = now
    }

    /// The same list over rows read at `now`: the mode and the details pane stay, the selection stays on the
    /// same server, on the same line of the screen.
    public func replacingRows(_ rows: [ServerRow], now: Date) -> ServerListScreen {
        var next = ServerListScreen(rows: rows, staleAfterDays: staleAfterDays, now: now)
        next.mode = mode
        next.showingDetails = showingDetails
        next.cursor = cursor
        let position = current.flatMap { kept in next.rows.firstIndex { $0.name == kept.name } }
        next.cursor.follow(to: position ?? selected, count: next.rows.count)
        return next
    }

    public func isStale(_ row: ServerRow) -> Bool {
        guard let last = row.lastReport else { return false }
        return now.timeIntervalSince(last) > Double(staleAfterDays) * 86_400
    }

    public var current: ServerRow? { rows.indices.contains(selected) ? rows[selected] : nil }

    public static func listHeight(_ state: ServerListScreen, height: Int) -> Int {
        state.showingDetails ? max((height - 5) / 3, 3) : max(height - 5, 1)
    }

    public static func update(_ state: ServerListScreen, _ key: Key, pageHeight: Int) -> (ServerListScreen, Effect?) {
        guard let action = keys(state).action(for: key) else { return (state, nil) }
        var state = state
        switch action {
        case .closeHelp: state.mode = .browsing; return (state, nil)
        case .close: state.showingDetails = false; return (state, nil)
        case .move(let motion): state.cursor.move(motion, count: state.rows.count, page: pageHeight)
        case .details: state.showingDetails.toggle()
        case .help: state.mode = .help
        case .patches: return (state, .showPatches)
        case .apply: return (state, .apply)
        case .jobs: return (state, .jobs)
        case .status: return (state, .status)
        case .quit: return (state, .quit)
        }
        state.cursor.fit(count: state.rows.count, page: pageHeight)
        if state.showingDetails, let current = state.current { return (state, .details(server: current.name)) }
        return (state, nil)
    }

    /// The list's columns; wide terminals get full headings, 80 columns short ones so the report time keeps its
    /// room. `stale`: whether a server's last report is too old (the screen's own rule, from its settings).
    static func columns(stale: @escaping @Sendable (ServerRow) -> Bool) -> [TableColumn<ServerRow>] {
        [
            TableColumn("server", .wide(16, narrow: 14), heading: { strings, _ in strings.server }) { row, _, _ in row.name },
            TableColumn("tenant", .wide(12, narrow: 10), heading: { strings, _ in strings.tenant }) { row, _, _ in row.tenant },
            TableColumn("required", .wide(10, narrow: 6), heading: { strings, wide in wide ? strings.required : strings.requiredShort },
                        role: { $0.requiredNeeded > 0 ? .important : .normal }) { row, _, _ in String(row.requiredNeeded) },
            TableColumn("recommended", .wide(13, narrow: 6), heading: { strings, wide in wide ? strings.recommended : strings.recommendedShort }) { row, _, _ in
                String(row.recommendedNeeded)
            },
            TableColumn("failed", .wide(8, narrow: 6), heading: { strings, wide in wide ? strings.failedHeader : strings.failedShort },
                        role: { $0.failed > 0 ? .important : .normal }) { row, _, _ in String(row.failed) },
            TableColumn("reboot", .wide(10, narrow: 6), heading: { strings, wide in wide ? strings.reboot : strings.rebootShort }) { row, _, _ in
                String(row.pendingReboot)
            },
            TableColumn("last-report", .rest, heading: { strings, _ in strings.lastReport },
                        role: { !$0.reported || stale($0) ? .warning : .normal }) { row, strings, _ in
                guard row.reported else { return strings.notReportedYet }
                return row.lastReport.map { UTCTime.minutes($0) + (stale(row) ? " " + strings.stale : "") } ?? ""
            },
        ]
    }

    /// `patches`: the approved patches on the selected server, for the details pane when it is open.
    /// `history`: the last changes of the selected server's install states (nil while they load).
    public static func render(_ state: ServerListScreen, strings: ConsoleStrings, user: String, width: Int, height: Int, readAt: Date? = nil,
                              patches: [ServerPatch] = [], history: [InstallStateChange]? = nil) -> Canvas {
        if state.showingHelp {
            return HelpScreen.render(title: "Patchbay — \(strings.servers) — \(strings.help)", table: KeyTable(bindings), strings: strings, width: width, height: height)
        }
        var canvas = Canvas(width: width, height: height)
        canvas.putTitleBar("Patchbay — \(strings.servers)", right: [user, readAt.map(strings.dataRead) ?? ""])
        let columns = Self.columns(stale: state.isStale)
        TableColumns.putHeadings(columns, into: &canvas, row: 2, strings: strings)
        let pageHeight = listHeight(state, height: height)
        var cursor = state.cursor
        cursor.fit(count: state.rows.count, page: pageHeight)
        for (offset, position) in cursor.window(count: state.rows.count, page: pageHeight).enumerated() {
            let row = state.rows[position]
            let y = 3 + offset
            TableColumns.putRow(row, columns, into: &canvas, row: y, strings: strings)
            if position == cursor.selected { canvas.paint(row: y, role: .selection) }
        }
        if state.showingDetails, let current = state.current {
            ServerDetailsPane.render(into: &canvas, server: current, patches: patches, history: history, stale: state.isStale(current), strings: strings,
                                     top: 3 + pageHeight, bottom: height - 2)
        }
        canvas.put(keys(state).hints(width: width - 2, strings: strings), row: height - 1, column: 1, role: .hint)
        return canvas
    }
}

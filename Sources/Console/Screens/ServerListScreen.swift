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
    ]

    public private(set) var rows: [ServerRow]
    public private(set) var cursor = ListCursor()
    public var selected: Int { cursor.selected }
    public var top: Int { cursor.top }
    public var showingHelp = false
    public var showingDetails = false
    public let staleAfterDays: Int
    public let now: Date

    public init(rows: [ServerRow], staleAfterDays: Int, now: Date) {
        self.rows = rows.sorted { ($0.tenant, $0.name) < ($1.tenant, $1.name) }
        self.staleAfterDays = staleAfterDays
        self.now = now
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
        var state = state
        if state.showingHelp { state.showingHelp = false; return (state, nil) }
        guard let action = bindings.action(for: key) else {
            if key == .escape { state.showingDetails = false }
            return (state, nil)
        }
        switch action {
        case .move(let motion): state.cursor.move(motion, count: state.rows.count, page: pageHeight)
        case .details: state.showingDetails.toggle()
        case .help: state.showingHelp = true
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

    /// `patches`: the approved patches on the selected server, for the details pane when it is open.
    public static func render(_ state: ServerListScreen, strings: ConsoleStrings, user: String, width: Int, height: Int,
                              patches: [ServerPatch] = []) -> Canvas {
        if state.showingHelp {
            return HelpScreen.render(title: "Patchbay — \(strings.servers) — \(strings.help)", bindings: bindings, strings: strings, width: width, height: height)
        }
        var canvas = Canvas(width: width, height: height)
        canvas.putTitleBar("Patchbay — \(strings.servers)", right: user)
        // Wide terminals get full headings; 80 columns get short ones so the report time keeps its room.
        let columns: [(String, Int)] = width >= 100
            ? [(strings.server, 16), (strings.tenant, 12), (strings.required, 10), (strings.recommended, 13),
               (strings.failedHeader, 8), (strings.reboot, 10), (strings.lastReport, 22)]
            : [(strings.server, 14), (strings.tenant, 10), (strings.requiredShort, 6), (strings.recommendedShort, 6),
               (strings.failedShort, 6), (strings.rebootShort, 6), (strings.lastReport, 22)]
        var x = 1
        for (name, w) in columns {
            canvas.put(name, row: 2, column: x, role: .title, limit: w - 1)
            x += w
        }
        let pageHeight = listHeight(state, height: height)
        var cursor = state.cursor
        cursor.fit(count: state.rows.count, page: pageHeight)
        for (offset, position) in cursor.window(count: state.rows.count, page: pageHeight).enumerated() {
            let row = state.rows[position]
            let y = 3 + offset
            let report: String
            let reportRole: StyleRole
            if !row.reported {
                (report, reportRole) = (strings.notReportedYet, .warning)
            } else if let last = row.lastReport {
                (report, reportRole) = (UTCTime.minutes(last)
                                            + (state.isStale(row) ? " " + strings.stale : ""), state.isStale(row) ? .warning : .normal)
            } else {
                (report, reportRole) = ("", .normal)
            }
            let values = [row.name, row.tenant, String(row.requiredNeeded), String(row.recommendedNeeded), String(row.failed), String(row.pendingReboot)]
            var x = 1
            for (index, ((_, w), value)) in zip(columns, values).enumerated() {
                let attention = (index == 2 && row.requiredNeeded > 0) || (index == 4 && row.failed > 0)
                canvas.put(value, row: y, column: x, role: attention ? .important : .normal, limit: w - 1)
                x += w
            }
            canvas.put(report, row: y, column: x, role: reportRole)
            if position == cursor.selected { canvas.paint(row: y, role: .selection) }
        }
        if state.showingDetails, let current = state.current {
            ServerDetailsPane.render(into: &canvas, server: current, patches: patches, stale: state.isStale(current), strings: strings,
                                     top: 3 + pageHeight, bottom: height - 2)
        }
        canvas.put(bindings.hints(width: width - 2, strings: strings), row: height - 1, column: 1, role: .hint)
        return canvas
    }
}

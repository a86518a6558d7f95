import PatchbayCore

/// Counts for one bar of the status view.
public struct StatusCounts: Sendable, Hashable {
    public var name: String
    public var installed: Int
    public var needed: Int
    public var failed: Int
    public var pendingReboot: Int
    /// Servers WSUS has not reported on yet (for a tenant), or 1/0 for a server.
    public var notReported: Int
    /// Installed share of the approved required patches; nil when there are none.
    public var compliance: Double?

    public init(name: String, installed: Int, needed: Int, failed: Int, pendingReboot: Int, notReported: Int, compliance: Double?) {
        self.name = name
        self.installed = installed
        self.needed = needed
        self.failed = failed
        self.pendingReboot = pendingReboot
        self.notReported = notReported
        self.compliance = compliance
    }
}

/// The status view: per tenant and per server, a bar of installed / needed / failed / pending restart, the
/// servers not reported yet, and the required-patch compliance rate.
public struct StatusScreen: Sendable, Hashable {
    public enum Action: Sendable, Hashable { case scroll(ListCursor.Motion), back, help, quit, closeHelp }
    public enum Effect: Sendable, Hashable { case back, quit }

    public static let bindings: [KeyBinding<Action>] = ListCursor.bindings { .scroll($0) } + [
        KeyBinding([.escape, .tab], "Back", .back),
        KeyBinding([.character("?"), .function(1)], "Help", .help),
        KeyBinding([.character("q"), .function(10)], "Quit", .quit),
    ]

    public static func keys(_ state: StatusScreen) -> KeyTable<Action> {
        state.mode == .help ? HelpScreen.keys(closing: .closeHelp) : KeyTable(bindings)
    }

    public var tenants: [StatusCounts]
    public var servers: [StatusCounts]
    public private(set) var scroll = ListCursor()
    public var top: Int { scroll.top }
    /// Where the keys go: the screen, or the `?` screen listing every binding.
    public enum Mode: Sendable, Hashable { case browsing, help }
    public var mode = Mode.browsing
    public var showingHelp: Bool { mode == .help }

    /// Whether the figures have been read: until then the view says it is reading them (an empty view would
    /// look like a site with nothing in it).
    public private(set) var loaded: Bool

    /// An empty view, waiting for its figures.
    public init() {
        tenants = []
        servers = []
        loaded = false
    }

    public init(tenants: [StatusCounts], servers: [StatusCounts]) {
        self.tenants = tenants
        self.servers = servers
        loaded = true
    }

    /// The lines the view has room for on a screen `height` rows high (title, legend, headings, sources, hints).
    public static func pageHeight(height: Int) -> Int { max(height - 5, 1) }

    public static func update(_ state: StatusScreen, _ key: Key, pageHeight: Int) -> (StatusScreen, Effect?) {
        guard let action = keys(state).action(for: key) else { return (state, nil) }
        var state = state
        switch action {
        case .scroll(let motion): state.scroll.scroll(motion, count: state.tenants.count + state.servers.count, page: pageHeight)
        case .back: return (state, .back)
        case .help: state.mode = .help
        case .closeHelp: state.mode = .browsing
        case .quit: return (state, .quit)
        }
        return (state, nil)
    }

    /// A bar `width` cells wide: █ installed, ▓ needed, ✗ failed, ░ pending restart, in proportion.
    static func bar(_ counts: StatusCounts, width: Int) -> [(String, StyleRole)] {
        let total = counts.installed + counts.needed + counts.failed + counts.pendingReboot
        guard total > 0, width > 0 else { return [] }
        let parts: [(Int, String, StyleRole)] = [(counts.installed, "█", .success), (counts.needed, "▓", .warning),
                                                 (counts.failed, "✗", .error), (counts.pendingReboot, "░", .moderate)]
        var cells: [(String, StyleRole)] = []
        var used = 0.0
        for (count, glyph, role) in parts {
            used += Double(count) / Double(total) * Double(width)
            let target = Int(used.rounded())
            while cells.count < target { cells.append((glyph, role)) }
        }
        return cells
    }

    /// `sources`: where the figures come from (the CMDB and WSUS), shown only to a logged-in user.
    public static func render(_ state: StatusScreen, strings: ConsoleStrings, user: String, width: Int, height: Int, sources: String = "") -> Canvas {
        if state.showingHelp {
            return HelpScreen.render(title: "Patchbay — \(strings.status) — \(strings.help)", table: KeyTable(bindings), strings: strings, width: width, height: height)
        }
        var canvas = Canvas(width: width, height: height)
        canvas.putTitleBar("Patchbay — \(strings.status)", right: user)
        canvas.put(strings.statusLegend, row: 1, column: 1, role: .muted)
        let barWidth = max(min(width - 62, 36), 10)
        var lines: [(StatusCounts, Bool)] = state.tenants.map { ($0, true) } + state.servers.map { ($0, false) }
        var scroll = state.scroll
        scroll.fitScroll(count: lines.count, page: pageHeight(height: height))
        lines = Array(lines.dropFirst(scroll.top))
        canvas.put(strings.statusFigures, row: 2, column: 18 + barWidth + 1, role: .muted)
        var y = 3
        if !state.loaded { canvas.put(strings.readingFigures, row: y, column: 1, role: .muted) }
        let last = sources.isEmpty ? height - 1 : height - 2
        for (counts, isTenant) in lines where y < last {
            let label = DisplayWidth.pad(DisplayWidth.truncate((isTenant ? "" : "  ") + counts.name, to: 16), to: 16)
            canvas.put(label, row: y, column: 1, role: isTenant ? .title : .normal)
            var x = 18
            for (glyph, role) in bar(counts, width: barWidth) {
                canvas.put(glyph, row: y, column: x, role: role)
                x += 1
            }
            let rate = counts.compliance.map { "\(Int(($0 * 100).rounded()))%" } ?? "-"
            var figures = "\(counts.installed)/\(counts.needed)/\(counts.failed)/\(counts.pendingReboot)  \(strings.compliance) \(rate)"
            if counts.notReported > 0 { figures += "  \(strings.notReportedYet)" + (isTenant ? " \(counts.notReported)" : "") }
            canvas.put(figures, row: y, column: 18 + barWidth + 1, role: counts.failed > 0 ? .warning : .normal)
            y += 1
        }
        if !sources.isEmpty { canvas.put(sources, row: height - 2, column: 1, role: .muted) }
        canvas.put(keys(state).hints(width: width - 2, strings: strings), row: height - 1, column: 1, role: .hint)
        return canvas
    }
}

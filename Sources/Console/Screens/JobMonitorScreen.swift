import Foundation
import PatchbayCore

/// A job as the monitor shows it.
public struct JobRow: Sendable, Hashable {
    public struct Server: Sendable, Hashable {
        public var name: String
        public var state: String
        /// (process, state) in chain order.
        public var processes: [(kind: String, state: String)]
        public var message: String

        public init(name: String, state: String, processes: [(kind: String, state: String)], message: String) {
            self.name = name
            self.state = state
            self.processes = processes
            self.message = message
        }

        public static func == (lhs: Server, rhs: Server) -> Bool {
            lhs.name == rhs.name && lhs.state == rhs.state && lhs.message == rhs.message
                && lhs.processes.map { $0.kind + "=" + $0.state } == rhs.processes.map { $0.kind + "=" + $0.state }
        }

        public func hash(into hasher: inout Hasher) { hasher.combine(name) }
    }

    public var id: Int64
    public var state: String
    public var owner: String
    public var tenant: String
    public var patches: String
    public var created: Date
    public var servers: [Server]

    public init(id: Int64, state: String, owner: String, tenant: String, patches: String, created: Date, servers: [Server]) {
        self.id = id
        self.state = state
        self.owner = owner
        self.tenant = tenant
        self.patches = patches
        self.created = created
        self.servers = servers
    }

    var done: Int { servers.filter { ["completed", "completed-with-errors", "cancelled"].contains($0.state) }.count }
}

/// The live job monitor: the user's visible jobs with their progress, refreshed every second by the app;
/// Enter drills into a job's servers and processes; r / c / n retry, cancel or continue (the service decides
/// whether the role allows it).
public struct JobMonitorScreen: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        case up, down, open, back, retry, cancel, proceed, help, quit
    }

    public enum Effect: Sendable, Hashable {
        case act(jobID: Int64, action: String)
        case back
        case quit
    }

    public static let bindings: [KeyBinding<Action>] = [
        KeyBinding([.up, .character("k")], "Up", .up, visible: false),
        KeyBinding([.down, .character("j")], "Down", .down, visible: false),
        KeyBinding([.enter], "Open", .open),
        KeyBinding([.character("r")], "Retry", .retry),
        KeyBinding([.character("n")], "Continue", .proceed),
        KeyBinding([.character("c")], "Cancel job", .cancel),
        KeyBinding([.escape, .tab], "Back", .back),
        KeyBinding([.character("?"), .function(1)], "Help", .help),
        KeyBinding([.character("q"), .function(10)], "Quit", .quit),
    ]

    public var jobs: [JobRow] = []
    public var runnerAlive = true
    public var selected = 0
    public var opened: Int64?
    public var message: String?
    public var showingHelp = false
    public var loadedAt: Date?

    public init() {}

    public static func loaded(_ state: JobMonitorScreen, jobs: [JobRow], runnerAlive: Bool, at: Date) -> JobMonitorScreen {
        var state = state
        let selectedID = state.jobs.indices.contains(state.selected) ? state.jobs[state.selected].id : nil
        state.jobs = jobs
        state.runnerAlive = runnerAlive
        state.loadedAt = at
        state.selected = selectedID.flatMap { id in jobs.firstIndex { $0.id == id } } ?? min(state.selected, max(jobs.count - 1, 0))
        return state
    }

    public static func update(_ state: JobMonitorScreen, _ key: Key) -> (JobMonitorScreen, Effect?) {
        var state = state
        if state.showingHelp { state.showingHelp = false; return (state, nil) }
        guard let action = bindings.action(for: key) else { return (state, nil) }
        let current = state.jobs.indices.contains(state.selected) ? state.jobs[state.selected] : nil
        switch action {
        case .up: state.selected = max(state.selected - 1, 0)
        case .down: state.selected = min(state.selected + 1, max(state.jobs.count - 1, 0))
        case .open: state.opened = current?.id
        case .back:
            if state.opened != nil { state.opened = nil } else { return (state, .back) }
        case .retry, .cancel, .proceed:
            guard let current else { return (state, nil) }
            let name = action == .retry ? "retry" : (action == .cancel ? "cancel" : "continue")
            return (state, .act(jobID: current.id, action: name))
        case .help: state.showingHelp = true
        case .quit: return (state, .quit)
        }
        return (state, nil)
    }

    public static func render(_ state: JobMonitorScreen, strings: ConsoleStrings, user: String, width: Int, height: Int) -> Canvas {
        if state.showingHelp {
            return HelpScreen.render(title: "Patchbay — \(strings.jobs) — \(strings.help)", bindings: bindings, strings: strings, width: width, height: height)
        }
        var canvas = Canvas(width: width, height: height)
        canvas.putTitleBar("Patchbay — \(strings.jobs)", right: user)
        if !state.runnerAlive { canvas.put(strings.noRunner, row: 1, column: 1, role: .warning) }
        var y = 2
        if let opened = state.opened, let job = state.jobs.first(where: { $0.id == opened }) {
            canvas.put("\(strings.job) \(job.id)  \(job.state)  \(job.patches)", row: y, column: 1, role: .title)
            y += 1
            for server in job.servers where y < height - 2 {
                let progress = server.processes.map { Self.glyph($0.state) }.joined()
                canvas.put(DisplayWidth.pad(server.name, to: 14) + " " + DisplayWidth.pad(server.state, to: 22) + " " + progress, row: y, column: 2,
                           role: server.state == "waiting-for-action" ? .error : .normal)
                y += 1
                if !server.message.isEmpty && y < height - 2 {
                    canvas.put("  " + server.message, row: y, column: 2, role: .muted)
                    y += 1
                }
            }
        } else {
            canvas.put("ID    STATE                  SERVERS  OWNER        PATCHES", row: y, column: 1, role: .title)
            y += 1
            if state.jobs.isEmpty { canvas.put(strings.noJobs, row: y, column: 1, role: .muted) }
            for (index, job) in state.jobs.enumerated() where y < height - 2 {
                let line = DisplayWidth.pad(String(job.id), to: 6) + DisplayWidth.pad(job.state, to: 23)
                    + DisplayWidth.pad("\(job.done)/\(job.servers.count)", to: 9) + DisplayWidth.pad(job.owner, to: 13) + job.patches
                canvas.put(line, row: y, column: 1, role: job.state == "waiting-for-action" ? .error : .normal)
                if index == state.selected { canvas.paint(row: y, role: .selection) }
                y += 1
            }
        }
        if let message = state.message { canvas.put(message, row: height - 2, column: 1, role: .error) }
        canvas.put(bindings.hints(width: width - 2), row: height - 1, column: 1, role: .hint)
        return canvas
    }

    /// One character per process: done, running, failed, waiting, cancelled.
    static func glyph(_ state: String) -> String {
        switch state {
        case "succeeded": return "●"
        case "running": return "◐"
        case "failed": return "✗"
        case "cancelled", "skipped": return "-"
        default: return "○"
        }
    }
}

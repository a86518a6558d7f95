import Foundation
import PatchbayCore

/// The live job monitor, three levels deep: the user's visible jobs → one job's servers → one server's
/// process log. The app refreshes it every second. r / n / c retry, continue or cancel (the selected server
/// inside a job, else the whole job), R re-runs the failed servers as a new job; the service decides
/// whether the role allows it. Cancel, continue and re-run are marked dangerous and wait for `y`.
public struct JobMonitorScreen: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        case up, down, open, back, retry, cancel, proceed, rerun, help, quit
    }

    public enum Effect: Sendable, Hashable {
        case act(jobID: Int64, action: JobChain.Action, server: String?)
        case rerun(jobID: Int64)
        case back
        case quit
    }

    public static let bindings: [KeyBinding<Action>] = [
        KeyBinding([.up, .character("k")], "Up", .up, visible: false),
        KeyBinding([.down, .character("j")], "Down", .down, visible: false),
        KeyBinding([.enter], "Open", .open),
        KeyBinding([.character("r")], "Retry", .retry),
        KeyBinding([.character("n")], "Continue", .proceed, dangerous: true),
        KeyBinding([.character("c")], "Cancel", .cancel, dangerous: true),
        KeyBinding([.character("R")], "Re-run failed", .rerun, spare: true, dangerous: true),
        KeyBinding([.escape, .tab], "Back", .back),
        KeyBinding([.character("?"), .function(1)], "Help", .help),
        KeyBinding([.character("q"), .function(10)], "Quit", .quit),
    ]

    public var jobs: [JobRow] = []
    public var runnerAlive = true
    public var selected = 0
    /// The job whose servers are shown, and the selected one of them.
    public var opened: Int64?
    public var serverCursor = 0
    /// The server whose process log is shown, and the first log line on screen.
    public var openedServer: String?
    public var logTop = 0
    public var message: String?
    public var messageRefused = true
    public var showingHelp = false
    public var loadedAt: Date?
    /// A dangerous action's request, held until the user answers `y` (anything else drops it).
    public var confirming: Effect?

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

    var openedJob: JobRow? { opened.flatMap { id in jobs.first { $0.id == id } } }

    var selectedServer: JobRow.Server? {
        guard let job = openedJob, job.servers.indices.contains(serverCursor) else { return nil }
        return job.servers[serverCursor]
    }

    public static func update(_ state: JobMonitorScreen, _ key: Key) -> (JobMonitorScreen, Effect?) {
        var state = state
        if state.showingHelp { state.showingHelp = false; return (state, nil) }
        if let pending = state.confirming {
            state.confirming = nil
            return (state, key == .character("y") || key == .character("Y") ? pending : nil)
        }
        guard let action = bindings.action(for: key) else { return (state, nil) }
        let (next, effect) = perform(action, state)
        if let effect, bindings.isDangerous(action) {
            var asking = next
            asking.confirming = effect
            asking.message = nil
            return (asking, nil)
        }
        return (next, effect)
    }

    private static func perform(_ action: Action, _ state: JobMonitorScreen) -> (JobMonitorScreen, Effect?) {
        var state = state
        let current = state.openedJob ?? (state.jobs.indices.contains(state.selected) ? state.jobs[state.selected] : nil)
        switch action {
        case .up, .down:
            let step = action == .up ? -1 : 1
            if state.openedServer != nil {
                state.logTop = max(state.logTop + step, 0)
            } else if let job = state.openedJob {
                state.serverCursor = min(max(state.serverCursor + step, 0), max(job.servers.count - 1, 0))
            } else {
                state.selected = min(max(state.selected + step, 0), max(state.jobs.count - 1, 0))
            }
        case .open:
            if state.openedJob != nil {
                state.openedServer = state.selectedServer?.name
                state.logTop = 0
            } else {
                state.opened = current?.id
                state.serverCursor = 0
            }
        case .back:
            if state.openedServer != nil {
                state.openedServer = nil
            } else if state.opened != nil {
                state.opened = nil
            } else {
                return (state, .back)
            }
        case .retry, .cancel, .proceed:
            guard let current else { return (state, nil) }
            let chainAction: JobChain.Action = action == .retry ? .retry : (action == .cancel ? .cancel : .continue)
            return (state, .act(jobID: current.id, action: chainAction, server: state.openedJob == nil ? nil : state.selectedServer?.name))
        case .rerun:
            guard let current else { return (state, nil) }
            return (state, .rerun(jobID: current.id))
        case .help: state.showingHelp = true
        case .quit: return (state, .quit)
        }
        return (state, nil)
    }

    public static func render(_ state: JobMonitorScreen, strings: ConsoleStrings, user: String, width: Int, height: Int, now: Date) -> Canvas {
        if state.showingHelp {
            return HelpScreen.render(title: "Patchbay — \(strings.jobs) — \(strings.help)", bindings: bindings, strings: strings, width: width, height: height)
        }
        var canvas = Canvas(width: width, height: height)
        canvas.putTitleBar("Patchbay — \(strings.jobs)", right: user)
        if !state.runnerAlive { canvas.put(strings.noRunner, row: 1, column: 1, role: .warning) }
        if let job = state.openedJob, let name = state.openedServer, let server = job.servers.first(where: { $0.name == name }) {
            renderLog(state, job: job, server: server, into: &canvas, strings: strings, now: now)
        } else if let job = state.openedJob {
            renderServers(state, job: job, into: &canvas, strings: strings, now: now)
        } else {
            renderJobs(state, into: &canvas, strings: strings, now: now)
        }
        if let pending = state.confirming {
            canvas.put(strings.confirmPrompt(pending), row: height - 2, column: 1, role: .warning)
        } else if let message = state.message {
            // A refusal names the server, why, and the fix; three lines keep its end instead of cutting it off.
            let lines = DisplayWidth.wrap(message, width: width - 2).prefix(3)
            for (offset, line) in lines.enumerated() {
                let row = height - 1 - lines.count + offset
                canvas.put(DisplayWidth.pad(line, to: width - 2), row: row, column: 1, role: state.messageRefused ? .error : .success)
            }
        }
        canvas.put(bindings.hints(width: width - 2, strings: strings), row: height - 1, column: 1, role: .hint)
        return canvas
    }

    static func renderJobs(_ state: JobMonitorScreen, into canvas: inout Canvas, strings: ConsoleStrings, now: Date) {
        var y = 2
        let headings = strings.jobColumns
        canvas.put(zip(headings, [6, 23, 9, 10, 13, 0]).map { $1 == 0 ? $0 : DisplayWidth.pad($0, to: $1) }.joined(), row: y, column: 1, role: .title)
        y += 1
        if state.jobs.isEmpty { canvas.put(strings.noJobs, row: y, column: 1, role: .muted) }
        for (index, job) in state.jobs.enumerated() where y < canvas.height - 2 {
            let line = DisplayWidth.pad(String(job.id), to: 6) + DisplayWidth.pad(strings.state(job.state), to: 23)
                + DisplayWidth.pad("\(job.done)/\(job.servers.count)", to: 9)
                + DisplayWidth.pad(job.pendingStart(now: now).map { strings.startsIn(Elapsed.text(from: now, to: $0, now: now)) }
                                   ?? Elapsed.text(from: job.started, to: job.finished, now: now), to: 10)
                + DisplayWidth.pad(job.owner, to: 13) + job.patches
            canvas.put(line, row: y, column: 1, role: job.state == .waitingForAction ? .error : .normal)
            if index == state.selected { canvas.paint(row: y, role: .selection) }
            y += 1
        }
    }

    static func renderServers(_ state: JobMonitorScreen, job: JobRow, into canvas: inout Canvas, strings: ConsoleStrings, now: Date) {
        var y = 2
        let timing = job.pendingStart(now: now).map { "\(strings.startsAt) \(UTCTime.minutes($0)) UTC (\(strings.startsIn(Elapsed.text(from: now, to: $0, now: now))))" }
            ?? Elapsed.text(from: job.started, to: job.finished, now: now)
        canvas.put("\(strings.job) \(job.id)  \(strings.state(job.state))  \(timing)  \(job.patches)", row: y, column: 1, role: .title)
        y += 1
        for (index, server) in job.servers.enumerated() where y < canvas.height - 2 {
            let progress = server.processes.map { glyph($0.state) }.joined()
            let line = DisplayWidth.pad(server.name, to: 14) + " " + DisplayWidth.pad(strings.state(server.state), to: 22) + " "
                + DisplayWidth.pad(Elapsed.text(from: server.started, to: server.finished, now: now), to: 8) + progress
            canvas.put(line, row: y, column: 2, role: server.state == .waitingForAction ? .error : .normal)
            if index == state.serverCursor { canvas.paint(row: y, role: .selection) }
            y += 1
            if !server.message.isEmpty && y < canvas.height - 2 {
                canvas.put("  " + server.message, row: y, column: 2, role: .muted)
                y += 1
            }
        }
    }

    /// One server's processes with their times, messages and the agent's output, scrolled by ↑↓.
    static func renderLog(_ state: JobMonitorScreen, job: JobRow, server: JobRow.Server, into canvas: inout Canvas, strings: ConsoleStrings, now: Date) {
        canvas.put("\(strings.job) \(job.id) — \(server.name)  \(strings.state(server.state))  \(Elapsed.text(from: server.started, to: server.finished, now: now))",
                   row: 2, column: 1, role: .title)
        var lines: [(String, StyleRole)] = []
        for process in server.processes {
            let started = process.startedAt.map { String(UTCTime.iso($0).dropFirst(11).prefix(8)) } ?? "--:--:--"
            let took = process.startedAt == nil ? "" : Elapsed.text(from: process.startedAt, to: process.finishedAt, now: now)
            let role: StyleRole = process.state == .failed ? .error : (process.state == .running ? .warning : .normal)
            lines.append(("\(glyph(process.state)) " + DisplayWidth.pad(strings.processKind(process.kind), to: 20) + DisplayWidth.pad(strings.state(process.state), to: 11)
                          + DisplayWidth.pad(started, to: 10) + took, role))
            if !process.message.isEmpty { lines.append(("    " + process.message, role == .error ? .error : .muted)) }
            for output in process.output.split(separator: "\n") { lines.append(("    │ " + output, .muted)) }
        }
        let room = canvas.height - 6
        let top = min(state.logTop, max(lines.count - room, 0))
        for (offset, line) in lines.dropFirst(top).prefix(room).enumerated() {
            canvas.put(line.0, row: 3 + offset, column: 2, role: line.1, limit: canvas.width - 3)
        }
        canvas.put("UTC", row: 2, column: canvas.width - 5, role: .muted)
    }

    /// One character per process: done, running, failed, waiting, cancelled.
    static func glyph(_ state: ProcessState) -> String {
        switch state {
        case .succeeded: return "●"
        case .running: return "◐"
        case .failed: return "✗"
        case .cancelled, .skipped: return "-"
        case .pending: return "○"
        }
    }
}

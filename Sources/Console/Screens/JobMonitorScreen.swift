import Foundation
import PatchbayCore

/// The live job monitor, three levels deep: the user's visible jobs → one job's servers → one server's
/// process log. The app refreshes it every second. r / n / c retry, continue or cancel (the selected server
/// inside a job, else the whole job), R re-runs the failed servers as a new job; the service decides
/// whether the role allows it. Cancel, continue and re-run are marked dangerous and wait for `y`.
public struct JobMonitorScreen: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        case move(ListCursor.Motion), open, back, retry, cancel, proceed, rerun, help, quit
        case closeHelp
        /// The answer to a dangerous action's question.
        case confirm, keep
    }

    public enum Effect: Sendable, Hashable {
        case act(jobID: Int64, action: JobChain.Action, server: String?)
        case rerun(jobID: Int64)
        case back
        case quit
    }

    public static let bindings: [KeyBinding<Action>] = ListCursor.bindings { .move($0) } + [
        KeyBinding([.enter], "Open", .open),
        KeyBinding([.character("r")], "Retry", .retry),
        KeyBinding([.character("n")], "Continue", .proceed, dangerous: true),
        KeyBinding([.character("c")], "Cancel", .cancel, dangerous: true),
        KeyBinding([.character("R")], "Re-run failed", .rerun, spare: true, dangerous: true),
        KeyBinding([.escape, .tab], "Back", .back),
        KeyBinding([.character("?"), .function(1)], "Help", .help),
        KeyBinding([.character("q"), .function(10)], "Quit", .quit),
    ]

    /// A dangerous action waits for `y`; any other key keeps things as they are.
    static let questionBindings: [KeyBinding<Action>] = [KeyBinding([.character("y"), .character("Y")], "Yes", .confirm)]

    public static func keys(_ state: JobMonitorScreen) -> KeyTable<Action> {
        switch state.mode {
        case .browsing: return KeyTable(bindings)
        case .help: return HelpScreen.keys(closing: .closeHelp)
        case .confirming: return KeyTable(questionBindings, others: .any(label: "No", .keep))
        }
    }

    public var jobs: [JobRow] = []
    /// The hosts whose daemons run jobs, once read; nil before the first read (no warning yet).
    public var runners: [RunnerHost]?
    /// The job list's cursor.
    public private(set) var cursor = ListCursor()
    public var selected: Int { cursor.selected }
    /// The job whose servers are shown, and the selected one of them.
    public var opened: Int64?
    public private(set) var servers = ListCursor()
    public var serverCursor: Int { servers.selected }
    /// The server whose process log is shown, and the first log line on screen.
    public var openedServer: String?
    public private(set) var log = ListCursor()
    public var message: String?
    public var messageRefused = true
    public var loadedAt: Date?
    /// The reader's language: the process log explains Windows Update codes in it.
    public var language = Language.en
    /// Where the keys go: the monitor, the `?` screen, or the question a dangerous action asks (its request is
    /// held until the user answers `y`; anything else drops it).
    public enum Mode: Sendable, Hashable { case browsing, help, confirming(Effect) }
    public var mode = Mode.browsing
    public var showingHelp: Bool { mode == .help }
    public var confirming: Effect? {
        guard case .confirming(let effect) = mode else { return nil }
        return effect
    }

    public init() {}

    public static func loaded(_ state: JobMonitorScreen, jobs: [JobRow], runners: [RunnerHost], at: Date) -> JobMonitorScreen {
        var state = state
        let selectedID = state.jobs.indices.contains(state.selected) ? state.jobs[state.selected].id : nil
        state.jobs = jobs
        state.runners = runners
        state.loadedAt = at
        if let index = selectedID.flatMap({ id in jobs.firstIndex { $0.id == id } }) {
            state.cursor.select(index, count: jobs.count)
        } else {
            state.cursor.clamp(count: jobs.count)
        }
        return state
    }

    var openedJob: JobRow? { opened.flatMap { id in jobs.first { $0.id == id } } }

    var selectedServer: JobRow.Server? {
        guard let job = openedJob, job.servers.indices.contains(serverCursor) else { return nil }
        return job.servers[serverCursor]
    }

    /// Rows for the job list on a screen `height` rows high; a job's servers take up to two rows each.
    public static func pageHeight(height: Int) -> Int { max(height - 5, 1) }

    public static func update(_ state: JobMonitorScreen, _ key: Key, pageHeight: Int = pageHeight(height: 24)) -> (JobMonitorScreen, Effect?) {
        guard let action = keys(state).action(for: key) else { return (state, nil) }
        var state = state
        switch state.mode {
        case .help:
            state.mode = .browsing
            return (state, nil)
        case .confirming(let pending):
            state.mode = .browsing
            return (state, action == .confirm ? pending : nil)
        case .browsing:
            break
        }
        let (next, effect) = perform(action, state, pageHeight: pageHeight)
        if let effect, bindings.isDangerous(action) {
            var asking = next
            asking.mode = .confirming(effect)
            asking.message = nil
            return (asking, nil)
        }
        return (next, effect)
    }

    private static func perform(_ action: Action, _ state: JobMonitorScreen, pageHeight: Int) -> (JobMonitorScreen, Effect?) {
        var state = state
        let current = state.openedJob ?? (state.jobs.indices.contains(state.selected) ? state.jobs[state.selected] : nil)
        switch action {
        case .move(let motion):
            if let job = state.openedJob, let server = state.openedServer.flatMap({ name in job.servers.first { $0.name == name } }) {
                state.log.scroll(motion, count: logLineCount(server, language: state.language), page: logRoom(pageHeight))
            } else if let job = state.openedJob {
                state.servers.move(motion, count: job.servers.count, page: serverRoom(pageHeight))
            } else {
                state.cursor.move(motion, count: state.jobs.count, page: pageHeight)
            }
        case .open:
            if state.openedJob != nil {
                state.openedServer = state.selectedServer?.name
                state.log = ListCursor()
            } else {
                state.opened = current?.id
                state.servers = ListCursor()
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
        case .help: state.mode = .help
        case .quit: return (state, .quit)
        case .closeHelp, .confirm, .keep: break
        }
        return (state, nil)
    }

    public static func render(_ state: JobMonitorScreen, strings: ConsoleStrings, user: String, width: Int, height: Int, now: Date) -> Canvas {
        if state.showingHelp {
            return HelpScreen.render(title: "Patchbay — \(strings.jobs) — \(strings.help)", table: KeyTable(bindings), strings: strings, width: width, height: height)
        }
        var canvas = Canvas(width: width, height: height)
        canvas.putTitleBar("Patchbay — \(strings.jobs)", right: user)
        renderRunners(state, into: &canvas, strings: strings)
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
        canvas.put(keys(state).hints(width: width - 2, strings: strings), row: height - 1, column: 1, role: .hint)
        return canvas
    }

    /// Row 1: which hosts run jobs, or the warning that none does.
    static func renderRunners(_ state: JobMonitorScreen, into canvas: inout Canvas, strings: ConsoleStrings) {
        guard let runners = state.runners else { return }
        let alive = runners.filter(\.alive).map(\.host), silent = runners.filter { !$0.alive }.map(\.host)
        let line = alive.isEmpty ? strings.noRunner : strings.runnerHosts(alive: alive, silent: silent)
        canvas.put(DisplayWidth.truncate(line, to: canvas.width - 2), row: 1, column: 1, role: alive.isEmpty || !silent.isEmpty ? .warning : .muted)
    }

    static func renderJobs(_ state: JobMonitorScreen, into canvas: inout Canvas, strings: ConsoleStrings, now: Date) {
        var y = 2
        let columns = jobColumns(now: now)
        TableColumns.putHeadings(columns, into: &canvas, row: y, strings: strings)
        y += 1
        if state.loadedAt == nil {
            canvas.put(strings.readingFigures, row: y, column: 1, role: .muted)
        } else if state.jobs.isEmpty {
            canvas.put(strings.noJobs, row: y, column: 1, role: .muted)
        }
        let page = pageHeight(height: canvas.height)
        var cursor = state.cursor
        cursor.fit(count: state.jobs.count, page: page)
        for index in cursor.window(count: state.jobs.count, page: page) {
            TableColumns.putRow(state.jobs[index], columns, into: &canvas, row: y, strings: strings)
            if index == cursor.selected { canvas.paint(row: y, role: .selection) }
            y += 1
        }
    }

    /// The job list's columns; a job waiting for action is drawn in the error style from end to end.
    static func jobColumns(now: Date) -> [TableColumn<JobRow>] {
        let role: @Sendable (JobRow) -> StyleRole = { $0.state == .waitingForAction ? .error : .normal }
        return [
            TableColumn("id", .fixed(6), heading: { strings, _ in strings.jobColumns[0] }, role: role) { job, _, _ in String(job.id) },
            TableColumn("state", .fixed(23), heading: { strings, _ in strings.jobColumns[1] }, role: role) { job, strings, _ in strings.state(job.state) },
            TableColumn("servers", .fixed(9), heading: { strings, _ in strings.jobColumns[2] }, role: role) { job, _, _ in "\(job.done)/\(job.servers.count)" },
            TableColumn("elapsed", .fixed(10), heading: { strings, _ in strings.jobColumns[3] }, role: role) { job, strings, _ in
                job.pendingStart(now: now).map { strings.startsIn(Elapsed.text(from: now, to: $0, now: now)) }
                    ?? Elapsed.text(from: job.started, to: job.finished, now: now)
            },
            TableColumn("owner", .fixed(13), heading: { strings, _ in strings.jobColumns[4] }, role: role) { job, _, _ in job.owner },
            TableColumn("patches", .rest, heading: { strings, _ in strings.jobColumns[5] }, role: role) { job, _, _ in job.patches },
        ]
    }

    static func renderServers(_ state: JobMonitorScreen, job: JobRow, into canvas: inout Canvas, strings: ConsoleStrings, now: Date) {
        var y = 2
        let timing = job.pendingStart(now: now).map { "\(strings.startsAt) \(UTCTime.minutes($0)) UTC (\(strings.startsIn(Elapsed.text(from: now, to: $0, now: now))))" }
            ?? Elapsed.text(from: job.started, to: job.finished, now: now)
        canvas.put("\(strings.job) \(job.id)  \(strings.state(job.state))  \(timing)  \(job.patches)", row: y, column: 1, role: .title)
        y += 1
        let room = serverRoom(pageHeight(height: canvas.height))
        var cursor = state.servers
        cursor.fit(count: job.servers.count, page: room)
        for index in cursor.window(count: job.servers.count, page: room) where y < canvas.height - 2 {
            let server = job.servers[index]
            let progress = server.processes.map { glyph($0.state) }.joined()
            let line = DisplayWidth.pad(server.name, to: 14) + " " + DisplayWidth.pad(strings.state(server.state), to: 22) + " "
                + DisplayWidth.pad(Elapsed.text(from: server.started, to: server.finished, now: now), to: 8) + progress
            canvas.put(line, row: y, column: 2, role: server.state == .waitingForAction ? .error : .normal)
            if index == cursor.selected { canvas.paint(row: y, role: .selection) }
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
            for line in messageLines(process, strings.language) { lines.append(("    " + line, role == .error ? .error : .muted)) }
            for output in process.output.split(separator: "\n") { lines.append(("    │ " + output, .muted)) }
        }
        let room = logRoom(pageHeight(height: canvas.height))
        var log = state.log
        log.fitScroll(count: lines.count, page: room)
        for (offset, line) in lines.dropFirst(log.top).prefix(room).enumerated() {
            canvas.put(line.0, row: 3 + offset, column: 2, role: line.1, limit: canvas.width - 3)
        }
        canvas.put("UTC", row: 2, column: canvas.width - 5, role: .muted)
    }

    /// Servers that fit the job's level: each may take a second row for its message.
    static func serverRoom(_ pageHeight: Int) -> Int { max((pageHeight - 1) / 2, 1) }

    /// Log lines that fit below the server's heading.
    static func logRoom(_ pageHeight: Int) -> Int { max(pageHeight - 1, 1) }

    /// How many lines a server's process log has (renderLog draws them).
    static func logLineCount(_ server: JobRow.Server, language: Language) -> Int {
        server.processes.reduce(0) { count, process in
            count + 1 + messageLines(process, language).count + process.output.split(separator: "\n").count
        }
    }

    /// A process's message and, for a failed one read in another language than the services' English, its
    /// Windows Update codes explained in that language; wrapped to the narrowest console (80 columns, less the
    /// log's indent), so a long message is read whole and the log's length does not depend on the window.
    static func messageLines(_ process: JobRow.Process, _ language: Language) -> [String] {
        let explained = language != .en && process.state == .failed ? WindowsUpdateResult.explanations(in: process.message, language: language) : []
        return ([process.message] + explained).filter { !$0.isEmpty }.flatMap { DisplayWidth.wrap($0, width: 72) }
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

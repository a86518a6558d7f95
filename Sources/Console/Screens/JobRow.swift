import Foundation
import PatchbayCore

/// A job as the monitor shows it.
public struct JobRow: Sendable, Hashable {
    public struct Process: Sendable, Hashable {
        public var kind: ProcessKind
        public var state: ProcessState
        public var startedAt: Date?
        public var finishedAt: Date?
        public var message: String
        /// What the agent reported while the process ran (its log).
        public var output: String

        public init(kind: ProcessKind, state: ProcessState, startedAt: Date? = nil, finishedAt: Date? = nil, message: String = "", output: String = "") {
            self.kind = kind
            self.state = state
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.message = message
            self.output = output
        }
    }

    public struct Server: Sendable, Hashable {
        public var name: String
        public var state: JobChain.State
        public var processes: [Process]
        /// Why it waits for action, if it does.
        public var message: String

        public init(name: String, state: JobChain.State, processes: [Process], message: String) {
            self.name = name
            self.state = state
            self.processes = processes
            self.message = message
        }

        var started: Date? { processes.compactMap(\.startedAt).min() }
        var finished: Date? { state.isFinished ? processes.compactMap(\.finishedAt).max() : nil }
    }

    public var id: Int64
    public var state: JobState
    public var owner: String
    public var tenant: String
    public var patches: String
    public var created: Date
    public var servers: [Server]
    /// When a scheduled job starts; nil for "now".
    public var scheduledAt: Date?

    public init(id: Int64, state: JobState, owner: String, tenant: String, patches: String, created: Date, servers: [Server], scheduledAt: Date? = nil) {
        self.scheduledAt = scheduledAt
        self.id = id
        self.state = state
        self.owner = owner
        self.tenant = tenant
        self.patches = patches
        self.created = created
        self.servers = servers
    }

    var done: Int { servers.filter(\.state.isFinished).count }
    var started: Date? { servers.compactMap(\.started).min() }
    var finished: Date? { state.isFinished ? servers.compactMap(\.finished).max() : nil }

    /// The start still ahead of a scheduled job, if any.
    func pendingStart(now: Date) -> Date? {
        guard state == .scheduled, let scheduledAt, scheduledAt > now else { return nil }
        return scheduledAt
    }
}

/// "12s", "4m05s", "2h03m", "3d04h": how long something has run (up to now, or until it finished).
public enum Elapsed {
    public static func text(from start: Date?, to end: Date?, now: Date) -> String {
        guard let start else { return "–" }
        let seconds = max(Int((end ?? now).timeIntervalSince(start)), 0)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return String(format: "%dm%02ds", seconds / 60, seconds % 60) }
        if seconds < 86_400 { return String(format: "%dh%02dm", seconds / 3600, seconds % 3600 / 60) }
        return String(format: "%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600)
    }
}

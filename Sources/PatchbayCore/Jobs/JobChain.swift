import Foundation

/// One server's ordered chain of processes. Its state is derived, never stored separately, so it can
/// never disagree with the processes.
public struct JobChain: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, CaseIterable {
        case pending
        case running
        /// A process failed; an operator must retry, continue or cancel.
        case waitingForAction = "waiting-for-action"
        case completed
        /// Finished, but a failure was passed over with "continue".
        case completedWithErrors = "completed-with-errors"
        case cancelled

        public var isFinished: Bool { self == .completed || self == .completedWithErrors || self == .cancelled }
    }

    /// What an operator may do with a chain that waits (or, for cancel, any unfinished chain).
    public enum Action: String, Sendable, Hashable, CaseIterable {
        case retry, cancel, `continue`
    }

    public struct ActionRefused: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// The CMDB's id for the chain (0 until stored).
    public var id: Int64 = 0
    public var serverID: Int64
    public var serverName: String
    public var processes: [JobProcess]
    /// Set when an operator cancelled the chain; its failed processes keep their history.
    public var cancelledAt: Date?
    /// Why the chain was cancelled when no operator asked for it (its server left the owner's reach).
    public var cancelReason: String?
    /// Restarts the job has made on this server so far (jobs.max_restarts caps them).
    public var restarts = 0

    public init(serverID: Int64, serverName: String, kinds: [ProcessKind]) {
        self.serverID = serverID
        self.serverName = serverName
        self.processes = kinds.map { JobProcess(kind: $0) }
    }

    public init(serverID: Int64, serverName: String, processes: [JobProcess], cancelledAt: Date? = nil, cancelReason: String? = nil) {
        self.serverID = serverID
        self.serverName = serverName
        self.processes = processes
        self.cancelledAt = cancelledAt
        self.cancelReason = cancelReason
    }

    public var state: State {
        if cancelledAt != nil { return .cancelled }
        if processes.contains(where: { $0.state == .failed && !$0.continuedAfterFailure }) { return .waitingForAction }
        if processes.contains(where: { $0.state == .running }) { return .running }
        if processes.allSatisfy({ $0.state.isFinished }) {
            return processes.contains { $0.continuedAfterFailure } ? .completedWithErrors : .completed
        }
        return processes.contains { $0.state != .pending } ? .running : .pending
    }

    /// The process to run next, if the chain may go on.
    public var nextProcessIndex: Int? {
        guard state == .pending || state == .running, !processes.contains(where: { $0.state == .running }) else { return nil }
        return processes.firstIndex { $0.state == .pending }
    }

    public mutating func start(at time: Date) -> ProcessKind? {
        guard let index = nextProcessIndex else { return nil }
        processes[index].state = .running
        processes[index].startedAt = time
        return processes[index].kind
    }

    /// Records how the running process ended.
    public mutating func finish(_ state: ProcessState, at time: Date, message: String, output: String = "") {
        guard let index = processes.firstIndex(where: { $0.state == .running }) else { return }
        processes[index].state = state
        processes[index].finishedAt = time
        processes[index].message = message
        processes[index].output += output
    }

    /// Cancels the chain for `reason` without an operator, the way `cancel` does: a process that is installing
    /// is never interrupted, so this refuses while one runs (the runner stops the chain after it).
    public mutating func stop(because reason: String, at time: Date) throws(ActionRefused) {
        try apply(.cancel, at: time)
        cancelReason = reason
        for index in processes.indices where processes[index].state == .cancelled && processes[index].message.isEmpty {
            processes[index].message = reason
        }
    }

    /// Whether the chain is installing now, so stopping it must wait for the running process to end.
    public var isBusy: Bool {
        processes.contains { $0.state == .running && $0.kind != .scheduleStandby }
    }

    /// retry: run the failed process again; continue: go on with the next one; cancel: stop the chain.
    public mutating func apply(_ action: Action, at time: Date) throws(ActionRefused) {
        switch action {
        case .retry, .continue:
            guard state == .waitingForAction, let index = processes.firstIndex(where: { $0.state == .failed && !$0.continuedAfterFailure }) else {
                throw ActionRefused(description: "\(serverName) is \(state.rawValue); \(action.rawValue) needs a chain waiting for action")
            }
            if action == .retry {
                processes[index].state = .pending
                processes[index].startedAt = nil
                processes[index].finishedAt = nil
                processes[index].output += "\n--- retried at \(ISO8601DateFormatter().string(from: time)) ---\n"
            } else {
                processes[index].continuedAfterFailure = true
            }
        case .cancel:
            guard !state.isFinished else {
                throw ActionRefused(description: "\(serverName) is already \(state.rawValue)")
            }
            // Waiting for the scheduled time is the only running process that can simply be stopped.
            if let running = processes.firstIndex(where: { $0.state == .running }) {
                guard processes[running].kind == .scheduleStandby else {
                    throw ActionRefused(description: "\(serverName) is running \(processes[running].kind.rawValue); cancel it when that process has ended")
                }
                processes[running].state = .cancelled
                processes[running].finishedAt = time
            }
            for index in processes.indices where processes[index].state == .pending {
                processes[index].state = .cancelled
                processes[index].finishedAt = time
            }
            cancelledAt = time
        }
    }
}

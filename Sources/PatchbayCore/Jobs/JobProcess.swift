import Foundation

/// The processes of a server's chain, in the order operators know them (docs/architecture.md §4).
public enum ProcessKind: String, Sendable, Hashable, CaseIterable {
    case scheduleStandby = "schedule-standby"
    case operationCheck = "operation-check"
    case preScript = "pre-script"
    case patchApplication = "patch-application"
    case reboot
    case postScript = "post-script"
    case verification

    /// The chain for a job's options: pre/post scripts and reboot only when asked for.
    public static func chain(preScript: Bool, reboot: Bool, postScript: Bool) -> [ProcessKind] {
        allCases.filter { kind in
            switch kind {
            case .preScript: return preScript
            case .reboot: return reboot
            case .postScript: return postScript
            default: return true
            }
        }
    }
}

public enum ProcessState: String, Sendable, Hashable, CaseIterable {
    case pending, running, succeeded, failed, skipped, cancelled

    public var isFinished: Bool { self == .succeeded || self == .failed || self == .skipped || self == .cancelled }
}

/// One process of one server's chain, with what it printed and a plain message for people.
public struct JobProcess: Sendable, Hashable {
    public var kind: ProcessKind
    public var state: ProcessState
    public var startedAt: Date?
    public var finishedAt: Date?
    public var output: String
    public var message: String
    /// An operator chose "continue" after this process failed: the chain went on past it.
    public var continuedAfterFailure: Bool

    public init(kind: ProcessKind, state: ProcessState = .pending, startedAt: Date? = nil, finishedAt: Date? = nil,
                output: String = "", message: String = "", continuedAfterFailure: Bool = false) {
        self.kind = kind
        self.state = state
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.output = output
        self.message = message
        self.continuedAfterFailure = continuedAfterFailure
    }
}

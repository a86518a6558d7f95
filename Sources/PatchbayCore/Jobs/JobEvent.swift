import Foundation

/// What happened to a job that its owner is told about by mail.
public enum JobEventKind: String, Sendable, Hashable, CaseIterable {
    case accepted
    /// One server's chain stopped and waits for retry, continue or cancel.
    case serverError = "server-error"
    /// One server's chain was stopped because the server left the owner's reach (moved to another tenant).
    case serverStopped = "server-stopped"
    /// The job ended with failures passed over (completed with errors).
    case failed
    case completed
    case cancelled

    /// The event a job's new state announces, if any.
    public static func forTransition(from old: JobState, to new: JobState) -> JobEventKind? {
        guard old != new else { return nil }
        switch new {
        case .completed: return .completed
        case .completedWithErrors: return .failed
        case .cancelled: return .cancelled
        case .scheduled, .running, .waitingForAction: return nil
        }
    }
}

public struct JobEvent: Sendable, Hashable {
    public var jobID: Int64
    public var kind: JobEventKind
    public var serverName: String?
    public var at: Date

    public init(jobID: Int64, kind: JobEventKind, serverName: String? = nil, at: Date) {
        self.jobID = jobID
        self.kind = kind
        self.serverName = serverName
        self.at = at
    }
}

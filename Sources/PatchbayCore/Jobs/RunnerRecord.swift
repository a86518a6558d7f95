import Foundation

/// A job runner as it announces itself in the CMDB.
public struct RunnerRecord: Sendable, Hashable {
    public var id: String
    public var host: String
    public var pid: Int
    public var startedAt: Date
    public var heartbeatAt: Date
    public var stoppedAt: Date?

    public init(id: String, host: String, pid: Int, startedAt: Date, heartbeatAt: Date, stoppedAt: Date? = nil) {
        self.id = id
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
        self.stoppedAt = stoppedAt
    }

    /// Alive when it has neither stopped nor missed its heartbeat for longer than `tolerance`.
    public func isAlive(at now: Date, tolerance: TimeInterval) -> Bool {
        stoppedAt == nil && now.timeIntervalSince(heartbeatAt) <= tolerance
    }
}

import Foundation

/// A job runner as it announces itself in the CMDB.
public struct RunnerRecord: Sendable, Hashable {
    public var id: String
    public var host: String
    public var pid: Int
    public var startedAt: Date
    public var heartbeatAt: Date
    public var stoppedAt: Date?
    /// The runner's lease: it sends a heartbeat at least every third of it.
    public var leaseSeconds: Int

    public init(id: String, host: String, pid: Int, startedAt: Date, heartbeatAt: Date, stoppedAt: Date? = nil, leaseSeconds: Int = 30) {
        self.leaseSeconds = leaseSeconds
        self.id = id
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
        self.stoppedAt = stoppedAt
    }

    /// Alive when it has not stopped and its last heartbeat is no older than two leases (ten seconds at least):
    /// a runner that stays silent that long has lost its chains to others anyway.
    public func isAlive(at now: Date) -> Bool {
        stoppedAt == nil && now.timeIntervalSince(heartbeatAt) <= max(2 * Double(leaseSeconds), 10)
    }
}

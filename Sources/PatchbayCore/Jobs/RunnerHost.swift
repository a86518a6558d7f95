import Foundation

/// A management server whose daemon runs jobs, as the job list and the console's monitor name it: alive, or
/// not answering (its runner neither stopped cleanly nor sent a heartbeat lately: killed, or cut off).
public struct RunnerHost: Sendable, Hashable {
    public var host: String
    public var alive: Bool

    public init(host: String, alive: Bool) {
        self.host = host
        self.alive = alive
    }

    /// One entry per host, alive ones first, from every runner record, judged at `now` by the database's
    /// clock. A host none of whose runners is alive is listed as not answering for a day after its last
    /// heartbeat, then forgotten; runners that stopped cleanly are not listed.
    public static func summarize(_ records: [RunnerRecord], now: Date) -> [RunnerHost] {
        var hosts: [String: Bool] = [:]
        for record in records where record.stoppedAt == nil && now.timeIntervalSince(record.heartbeatAt) <= 86_400 {
            hosts[record.host, default: false] = hosts[record.host, default: false] || record.isAlive(at: now)
        }
        return hosts.map { RunnerHost(host: $0.key, alive: $0.value) }.sorted { ($0.alive ? 0 : 1, $0.host) < ($1.alive ? 0 : 1, $1.host) }
    }
}

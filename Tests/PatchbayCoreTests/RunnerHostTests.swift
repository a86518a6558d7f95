import Foundation
import PatchbayCore
import Testing

@Suite("Runner hosts")
struct RunnerHostTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func runner(_ host: String, silentFor seconds: TimeInterval, lease: Int = 30, stopped: Bool = false) -> RunnerRecord {
        RunnerRecord(id: "\(host):1:\(seconds)", host: host, pid: 1, startedAt: now.addingTimeInterval(-90_000),
                     heartbeatAt: now.addingTimeInterval(-seconds), stoppedAt: stopped ? now : nil, leaseSeconds: lease)
    }

    @Test("a runner is alive while its heartbeat is younger than two of its leases, ten seconds at least")
    func liveness() {
        #expect(Self.runner("a", silentFor: 59).isAlive(at: Self.now))
        #expect(!Self.runner("a", silentFor: 61).isAlive(at: Self.now))
        #expect(Self.runner("a", silentFor: 9, lease: 3).isAlive(at: Self.now))
        #expect(!Self.runner("a", silentFor: 11, lease: 3).isAlive(at: Self.now))
        #expect(!Self.runner("a", silentFor: 0, stopped: true).isAlive(at: Self.now))
    }

    @Test("hosts: one entry each, alive first; a host alive when any of its runners is; stopped runners and day-old silence left out")
    func summary() {
        let records = [Self.runner("mgmt03", silentFor: 120), Self.runner("mgmt01", silentFor: 1), Self.runner("mgmt01", silentFor: 500),
                       Self.runner("mgmt02", silentFor: 2), Self.runner("mgmt04", silentFor: 1, stopped: true),
                       Self.runner("mgmt05", silentFor: 90_000)]
        #expect(RunnerHost.summarize(records, now: Self.now) == [RunnerHost(host: "mgmt01", alive: true), RunnerHost(host: "mgmt02", alive: true),
                                                                 RunnerHost(host: "mgmt03", alive: false)])
        #expect(RunnerHost.summarize([], now: Self.now).isEmpty)
    }
}

import Foundation

/// How a job runner paces itself. The defaults suit one management server; tests shorten the lease.
public struct RunnerSettings: Sendable, Hashable {
    /// Unique per runner process, e.g. "mgmt01:4711:…".
    public var id: String
    /// The management server it runs on (`daemon.host_id`), recorded with its leases and heartbeats.
    public var host: String
    /// Chains this runner works on at once.
    public var concurrency: Int
    /// Chains one tenant may have running at once, across all runners (infrastructure jobs count as one tenant).
    public var perTenant: Int
    /// How long a claim lasts without a heartbeat; a runner killed outright frees its chains after this.
    public var lease: Duration
    /// How often the runner looks for due work when it is idle.
    public var pollInterval: Duration
    /// How often verification asks WSUS again while it waits for the new states.
    public var verifyInterval: Duration
    /// Restarts one job may make on one server (the restart before installing and the job's own alike).
    public var maxRestarts: Int

    public init(id: String, host: String, concurrency: Int = 8, perTenant: Int = 4, lease: Duration = .seconds(30),
                pollInterval: Duration = .seconds(1), verifyInterval: Duration = .seconds(5), maxRestarts: Int = 3) {
        self.maxRestarts = maxRestarts
        self.id = id
        self.host = host
        self.concurrency = concurrency
        self.perTenant = perTenant
        self.lease = lease
        self.pollInterval = pollInterval
        self.verifyInterval = verifyInterval
    }

    /// "host:pid:random", so a restarted runner never mistakes its predecessor's leases for its own.
    public static func makeID(host: String) -> String {
        "\(host):\(getpid()):\(UInt32.random(in: 0...UInt32.max))"
    }
}

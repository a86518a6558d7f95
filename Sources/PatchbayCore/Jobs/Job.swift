import Foundation

/// A request to install patches on servers now or at a time, carried out as one chain per server.
public struct Job: Sendable, Hashable {
    public struct Options: Sendable, Hashable {
        public var reboot: Bool
        /// How long verification watches WSUS for the new states.
        public var monitorSeconds: Int
        public var preScript: String
        public var postScript: String

        public init(reboot: Bool = false, monitorSeconds: Int = 0, preScript: String = "", postScript: String = "") {
            self.reboot = reboot
            self.monitorSeconds = monitorSeconds
            self.preScript = preScript
            self.postScript = postScript
        }

        public var processKinds: [ProcessKind] {
            ProcessKind.chain(preScript: !preScript.isEmpty, reboot: reboot, postScript: !postScript.isEmpty)
        }
    }

    public struct Patch: Sendable, Hashable {
        public var key: PatchKey
        public var kb: String

        public init(key: PatchKey, kb: String) {
            self.key = key
            self.kb = kb
        }
    }

    public var id: Int64
    public var ownerID: String
    /// nil for an infrastructure job.
    public var tenantID: Int64?
    public var patches: [Patch]
    public var scheduledAt: Date?
    public var options: Options
    public var chains: [JobChain]
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64 = 0, ownerID: String, tenantID: Int64?, patches: [Patch], scheduledAt: Date?, options: Options,
                chains: [JobChain], createdAt: Date, updatedAt: Date) {
        self.id = id
        self.ownerID = ownerID
        self.tenantID = tenantID
        self.patches = patches
        self.scheduledAt = scheduledAt
        self.options = options
        self.chains = chains
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var state: JobState { JobState.of(chains) }
    public var scope: JobScope { JobScope(tenantID: tenantID, ownerID: ownerID) }
}

/// A chain a runner has claimed: it alone may run it until the lease expires.
public struct ClaimedChain: Sendable, Hashable {
    public var job: Job
    public var chain: JobChain
    public var leaseExpiresAt: Date

    public init(job: Job, chain: JobChain, leaseExpiresAt: Date) {
        self.job = job
        self.chain = chain
        self.leaseExpiresAt = leaseExpiresAt
    }
}

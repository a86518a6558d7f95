import Foundation

/// What a job mail tells its owner, as values: the templates put the words (English, Japanese) on them.
public struct JobMailContent: Sendable, Hashable {
    /// The one line about this event beyond the job's facts.
    public enum Detail: Sendable, Hashable {
        case none
        /// The job was accepted and starts then (nil: now).
        case starts(at: Date?)
        /// A process failed on the server, and the chain waits for the owner.
        case failed(server: String, process: ProcessKind, message: String)
        /// The server left the owner's reach; its chain stopped.
        case stopped(server: String, because: ScopeLoss)
    }

    public var kind: JobEventKind
    public var jobID: Int64
    public var owner: String
    /// The job's patches by KB.
    public var patches: [String]
    public var serverCount: Int
    /// The server the event is about, for the events of one server.
    public var server: String?
    public var detail: Detail

    public init(kind: JobEventKind, jobID: Int64, owner: String, patches: [String], serverCount: Int, server: String?, detail: Detail) {
        self.kind = kind
        self.jobID = jobID
        self.owner = owner
        self.patches = patches
        self.serverCount = serverCount
        self.server = server
        self.detail = detail
    }
}

/// What an apply-request mail asks of a tenant user or admin: the newly approved patches their servers need.
public struct ApplyRequestContent: Sendable, Hashable {
    public struct Patch: Sendable, Hashable {
        public var kb: String
        public var title: String
        /// The MSRC severity as WSUS gives it; empty when it has none.
        public var severity: String
        public var policy: PatchPolicy
        public var servers: [String]

        public init(kb: String, title: String, severity: String, policy: PatchPolicy, servers: [String]) {
            self.kb = kb
            self.title = title
            self.severity = severity
            self.policy = policy
            self.servers = servers
        }
    }

    public var recipient: String
    public var tenant: String
    public var patches: [Patch]

    public init(recipient: String, tenant: String, patches: [Patch]) {
        self.recipient = recipient
        self.tenant = tenant
        self.patches = patches
    }
}

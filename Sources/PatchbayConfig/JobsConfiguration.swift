/// The `jobs:` section: how the daemon's job runner paces itself and which agent reaches the servers.
public struct JobsConfiguration: Sendable, Hashable {
    public enum Agent: String, Sendable, Hashable, CaseIterable {
        /// OpenSSH to the Windows servers (production).
        case ssh
        /// The WSUS simulator's fleet (demo and tests): the simulator behind each WSUS entry installs.
        case simulated
    }

    /// Whose logon the ssh agent's install task runs in on Windows (docs/agent-protocol.md §4).
    public enum RunAs: String, Sendable, Hashable, CaseIterable {
        /// LocalSystem.
        case system
        /// The ssh user, through an S4U logon (no password stored on the server).
        case s4u
    }

    public struct SSH: Sendable, Hashable {
        public var user: String = "patchbay"
        public var port: Int = 22
        public var identityFile: String?
        public var knownHostsFile: String?
        public var connectTimeoutSeconds: Int = 15
        /// nil: the built-in PowerShell command line.
        public var command: String?
        public var operationTimeoutSeconds: Int = 3600
        public var rebootTimeoutSeconds: Int = 900
        /// How long the agent waits before it reconnects to an install whose ssh connection dropped.
        public var reconnectSeconds: Int = 10

        public init() {}
    }

    public var agent: Agent = .ssh
    public var concurrency: Int = 8
    public var perTenant: Int = 4
    public var leaseSeconds: Int = 30
    public var pollSeconds: Int = 1
    public var verifyIntervalSeconds: Int = 5
    /// Restarts one job may make on one server; past that a pending restart fails the install as a loop.
    public var maxRestarts: Int = 3
    public var agentRunAs: RunAs = .system
    public var ssh = SSH()
    /// The folder of PowerShell scripts the console offers as pre/post scripts (by name, never by free path).
    public var scriptsDir: String?

    public init() {}
}

/// The `jobs:` section: how the daemon's job runner paces itself and which agent reaches the servers.
public struct JobsConfiguration: Sendable, Hashable {
    public enum Agent: String, Sendable, Hashable, CaseIterable {
        /// OpenSSH to the Windows servers (production).
        case ssh
        /// The WSUS simulator's fleet (demo and tests): the simulator behind each WSUS entry installs.
        case simulated
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

        public init() {}
    }

    public var agent: Agent = .ssh
    public var concurrency: Int = 8
    public var perTenant: Int = 4
    public var leaseSeconds: Int = 30
    public var pollSeconds: Int = 1
    public var verifyIntervalSeconds: Int = 5
    public var ssh = SSH()
    /// The folder of PowerShell scripts the console offers as pre/post scripts (by name, never by free path).
    public var scriptsDir: String?

    public init() {}
}

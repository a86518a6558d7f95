/// The CMDB as the service layer sees it: repositories reached through a session, and sessions that are
/// transactions. Implementations (SQLite today, PostgreSQL later) live in the CMDB module.
public protocol CMDBStore: Sendable {
    /// Where the data lives, for messages and the console's title line (never contains a secret).
    var location: String { get }

    /// A warning when others on the host may read the data, or nil.
    var exposure: String? { get }

    /// Runs `body` in one read transaction: it sees one consistent snapshot.
    func read<T: Sendable>(_ body: (any CMDBSession) async throws -> T) async throws -> T

    /// Runs `body` in one write transaction: everything it wrote lands, or nothing does.
    func write<T: Sendable>(_ body: (any CMDBSession) async throws -> T) async throws -> T

    func close() async

    /// Takes a named lock shared by every process using this CMDB (on PostgreSQL, on every host), or throws
    /// `PatchbayError(.conflict)` naming the holder. The lock is released when the returned value is released
    /// or the process dies.
    func exclusiveLock(_ name: String, holder: String) async throws -> any HeldLock
}

/// A lock that is held until `release()` (or the holder's process ends).
public protocol HeldLock: Sendable {
    func release()
}

/// The repositories of one transaction. Valid only inside the `read`/`write` call that handed it out.
public protocol CMDBSession: Sendable {
    var tenants: any TenantRepository { get }
    var users: any UserRepository { get }
    var servers: any ServerRepository { get }
    var audit: any AuditRepository { get }
    var discovery: any DiscoveryRepository { get }
    var patchStatus: any PatchStatusRepository { get }
    var jobs: any JobRepository { get }
    var mail: any MailOutboxRepository { get }
    var installStates: any InstallStateRepository { get }
}

extension CMDBStore {
    public var exposure: String? { nil }
}

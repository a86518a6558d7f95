import Foundation

/// The CMDB side of discovery: what is stored for one WSUS server, and applying a diff to it.
public protocol DiscoveryRepository: Sendable {
    /// The id of the WSUS server entry, created on first use.
    func wsusServerID(name: String, url: String) async throws -> Int64
    /// What the CMDB holds for this WSUS server (retired patches and removed computers excluded), without
    /// install states: those are loaded with `states` only for the computers whose states were fetched.
    func snapshot(wsusServerID: Int64) async throws -> CatalogSnapshot
    /// Stored install states of the given computers of this WSUS server.
    func states(wsusServerID: Int64, computerIDs: Set<String>) async throws -> [String: [String: InstallState]]
    /// Writes the catalog part of a diff (patches, approvals, groups, computers); states go with `applyStates`.
    func apply(_ changes: CatalogChanges, wsusServerID: Int64, at: Date) async throws
    /// Writes the install states of some computers whose states were reported in full, after `apply` in the
    /// same transaction (the computers' rows exist by then).
    func applyStates(_ changes: StateChanges, wsusServerID: Int64, at: Date) async throws
    /// Links registered business servers to the WSUS computers that report for them.
    func mapServersToComputers() async throws -> Int
    /// UpdateIDs of install approvals discovery found that no apply-request mail has announced yet.
    func unannouncedApprovals() async throws -> Set<String>
    /// Marks every unannounced approval as announced.
    func markApprovalsAnnounced(at: Date) async throws
    func record(_ run: DiscoveryRun) async throws
    func runs(limit: Int) async throws -> [DiscoveryRun]
    /// Takes the scheduled discovery of `wsusServer` due at `dueAt` for `claimant`, unless a daemon (on any host)
    /// took it already; returns who has it (`claimant` when it is this caller's to run).
    func claimScheduledRun(wsusServer: String, dueAt: Date, claimant: String, at: Date) async throws -> String
}

/// One discovery of one WSUS server, successful or not.
public struct DiscoveryRun: Sendable, Hashable {
    public var wsusServer: String
    public var startedAt: Date
    public var finishedAt: Date
    public var succeeded: Bool
    public var cleanup: Bool
    public var added: Int
    public var changed: Int
    public var removed: Int
    public var details: String
    public var error: String?

    public init(wsusServer: String, startedAt: Date, finishedAt: Date, succeeded: Bool, cleanup: Bool, added: Int, changed: Int,
                removed: Int, details: String, error: String?) {
        self.wsusServer = wsusServer
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.succeeded = succeeded
        self.cleanup = cleanup
        self.added = added
        self.changed = changed
        self.removed = removed
        self.details = details
        self.error = error
    }

    public var duration: TimeInterval { finishedAt.timeIntervalSince(startedAt) }
}

import Foundation

/// The difference between what the CMDB holds for one WSUS server and what that server reported:
/// exactly the rows to write. Rows that did not change are not in here and are not rewritten.
public struct CatalogChanges: Sendable {
    public var serverVersion: String
    public var newPatches: [PatchRecord] = []
    public var changedPatches: [PatchRecord] = []
    /// Present in the CMDB for this server but missing from its catalog this time.
    public var vanishedPatches: [PatchKey] = []
    /// Present again after having been missed.
    public var returnedPatches: [PatchKey] = []
    /// With --cleanup: vanished patches to retire for good.
    public var retiredPatches: [PatchKey] = []
    public var supersedes: [String: Set<String>] = [:]
    public var upsertedApprovals: [ApprovalRecord] = []
    public var removedApprovals: [ApprovalKey] = []
    /// Approvals that did not exist before: the input of the apply-request mails.
    public var newApprovals: [ApprovalRecord] = []
    public var upsertedGroups: [TargetGroupRecord] = []
    public var removedGroups: [String] = []
    public var newComputers: [ComputerRecord] = []
    public var changedComputers: [ComputerRecord] = []
    /// Computers that moved from one target group to another (history).
    public var movedComputers: [String] = []
    public var removedComputers: [String] = []
    /// computer id → update id → new state (only the changed ones).
    public var stateChanges: [String: [String: InstallState]] = [:]
    /// computer id → update ids whose state vanished (the update no longer applies).
    public var removedStates: [String: [String]] = [:]
    /// computer id → update id → the stored state a change replaces (the history's "old").
    public var previousStates: [String: [String: InstallState]] = [:]
    /// Computers whose every state WSUS reported in this run: a job's observation of them that the report is
    /// not older than is confirmed (or corrected) by it.
    public var statesFetched: Set<String> = []

    public init(serverVersion: String) {
        self.serverVersion = serverVersion
    }

    /// Counters the diff fills in for state rows and approvals (the lists above hold the rows themselves).
    public var newStateCount = 0
    public var changedStateCount = 0
    public var changedApprovalCount = 0

    public var added: Int { newPatches.count + newApprovals.count + newComputers.count + newStateCount }
    public var changed: Int {
        changedPatches.count + returnedPatches.count + changedApprovalCount + changedComputers.count + changedStateCount
    }
    public var removed: Int {
        vanishedPatches.count + retiredPatches.count + removedApprovals.count + removedComputers.count + removedGroups.count
            + removedStates.values.reduce(0) { $0 + $1.count }
    }

    public var isEmpty: Bool { added == 0 && changed == 0 && removed == 0 && upsertedGroups.isEmpty }
}

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

    public init(serverVersion: String) {
        self.serverVersion = serverVersion
    }

    /// Counters for approvals and for install states (the lists above hold the rows themselves; states are
    /// diffed and written computer by computer, `StateChanges`, and counted here).
    public var changedApprovalCount = 0
    public var newStateCount = 0
    public var changedStateCount = 0
    public var removedStateCount = 0

    public mutating func count(_ states: StateChanges) {
        newStateCount += states.newCount
        changedStateCount += states.changedCount
        removedStateCount += states.removedCount
    }

    public var added: Int { newPatches.count + newApprovals.count + newComputers.count + newStateCount }
    public var changed: Int {
        changedPatches.count + returnedPatches.count + changedApprovalCount + changedComputers.count + changedStateCount
    }
    public var removed: Int {
        vanishedPatches.count + retiredPatches.count + removedApprovals.count + removedComputers.count + removedGroups.count
            + removedStateCount
    }

    public var isEmpty: Bool { added == 0 && changed == 0 && removed == 0 && upsertedGroups.isEmpty }
}

/// The install-state rows to write for some computers whose states WSUS reported in full: discovery diffs and
/// writes them a chunk of computers at a time, so a million states never sit in memory as rows.
public struct StateChanges: Sendable {
    /// The computers these changes are for: every state of them was reported, so a job's observation that the
    /// report is not older than is confirmed (or corrected) by it.
    public var fetched: [String]
    /// computer id → update id → new state (only the changed ones).
    public var changed: [String: [String: InstallState]] = [:]
    /// computer id → update id → the stored state a change replaces (the history's "old").
    public var previous: [String: [String: InstallState]] = [:]
    /// computer id → update ids whose state vanished (the update no longer applies).
    public var removed: [String: [String]] = [:]
    public var newCount = 0
    public var changedCount = 0
    public var removedCount: Int { removed.values.reduce(0) { $0 + $1.count } }
    public var isEmpty: Bool { changed.isEmpty && removed.isEmpty }

    public init(fetched: [String]) {
        self.fetched = fetched
    }
}

import Foundation

/// An update revision as the CMDB keeps it. Identity is (updateID, revisionNumber).
public struct PatchRecord: Sendable, Hashable {
    public var updateID: String
    public var revisionNumber: Int
    public var kbNumbers: [String]
    public var title: String
    public var description: String
    public var classification: String
    public var products: [String]
    public var msrcSeverity: String
    public var releaseDate: Date?
    public var arrivalDate: Date?
    public var rebootBehavior: Int?
    public var isDeclined: Bool
    public var isExpired: Bool
    public var isSuperseded: Bool
    public var bulletins: [String]
    public var moreInfoURLs: [String]

    public init(updateID: String, revisionNumber: Int, kbNumbers: [String], title: String, description: String, classification: String,
                products: [String], msrcSeverity: String, releaseDate: Date?, arrivalDate: Date?, rebootBehavior: Int?, isDeclined: Bool,
                isExpired: Bool, isSuperseded: Bool, bulletins: [String], moreInfoURLs: [String]) {
        self.updateID = updateID
        self.revisionNumber = revisionNumber
        self.kbNumbers = kbNumbers
        self.title = title
        self.description = description
        self.classification = classification
        self.products = products
        self.msrcSeverity = msrcSeverity
        self.releaseDate = releaseDate
        self.arrivalDate = arrivalDate
        self.rebootBehavior = rebootBehavior
        self.isDeclined = isDeclined
        self.isExpired = isExpired
        self.isSuperseded = isSuperseded
        self.bulletins = bulletins
        self.moreInfoURLs = moreInfoURLs
    }

    public var key: PatchKey { PatchKey(updateID: updateID, revisionNumber: revisionNumber) }

    /// "KB5033118" (the first KB), or the update id when WSUS names no KB.
    public var displayKB: String { kbNumbers.first.map { "KB\($0)" } ?? updateID }
}

public struct PatchKey: Sendable, Hashable, Comparable {
    public var updateID: String
    public var revisionNumber: Int

    public init(updateID: String, revisionNumber: Int) {
        self.updateID = updateID
        self.revisionNumber = revisionNumber
    }

    public static func < (lhs: PatchKey, rhs: PatchKey) -> Bool {
        (lhs.updateID, lhs.revisionNumber) < (rhs.updateID, rhs.revisionNumber)
    }
}

public struct ApprovalRecord: Sendable, Hashable {
    public var patch: PatchKey
    public var targetGroupID: String
    /// install, uninstall, block.
    public var action: String
    public var deadline: Date?
    public var approvedAt: Date?
    public var approvedBy: String

    public init(patch: PatchKey, targetGroupID: String, action: String, deadline: Date?, approvedAt: Date?, approvedBy: String) {
        self.patch = patch
        self.targetGroupID = targetGroupID
        self.action = action
        self.deadline = deadline
        self.approvedAt = approvedAt
        self.approvedBy = approvedBy
    }

    public var key: ApprovalKey { ApprovalKey(patch: patch, targetGroupID: targetGroupID) }
}

public struct ApprovalKey: Sendable, Hashable {
    public var patch: PatchKey
    public var targetGroupID: String
}

public struct TargetGroupRecord: Sendable, Hashable {
    public var id: String
    public var name: String
    public var parentID: String?

    public init(id: String, name: String, parentID: String?) {
        self.id = id
        self.name = name
        self.parentID = parentID
    }
}

/// A computer as one WSUS server knows it.
public struct ComputerRecord: Sendable, Hashable {
    public var computerID: String
    public var fullDomainName: String
    public var ipAddress: String
    public var osDescription: String
    public var lastSyncAt: Date?
    public var lastReportedAt: Date?
    public var statesChangedAt: Date?
    public var groupIDs: [String]

    public init(computerID: String, fullDomainName: String, ipAddress: String, osDescription: String, lastSyncAt: Date?,
                lastReportedAt: Date?, statesChangedAt: Date?, groupIDs: [String]) {
        self.computerID = computerID
        self.fullDomainName = fullDomainName
        self.ipAddress = ipAddress
        self.osDescription = osDescription
        self.lastSyncAt = lastSyncAt
        self.lastReportedAt = lastReportedAt
        self.statesChangedAt = statesChangedAt
        self.groupIDs = groupIDs
    }
}

/// What one WSUS server looks like in the CMDB, or what it reported: the input and output of a diff.
public struct CatalogSnapshot: Sendable {
    public var serverVersion: String
    public var patches: [PatchKey: PatchRecord]
    /// Supersedence edges: superseding update id → superseded update ids.
    public var supersedes: [String: Set<String>]
    public var approvals: [ApprovalKey: ApprovalRecord]
    public var groups: [String: TargetGroupRecord]
    public var computers: [String: ComputerRecord]
    /// computer id → update id → state.
    public var states: InstallStateTable
    /// Computers whose `states` are complete in this snapshot. A reported snapshot fetches states only
    /// for computers whose states changed since the last discovery; the others are left as stored.
    public var statesComplete: Set<String> = []
    /// Patches the CMDB already knows to be missing from this WSUS (not yet retired).
    public var missingPatches: Set<PatchKey> = []

    public init(serverVersion: String = "", patches: [PatchKey: PatchRecord] = [:], supersedes: [String: Set<String>] = [:],
                approvals: [ApprovalKey: ApprovalRecord] = [:], groups: [String: TargetGroupRecord] = [:],
                computers: [String: ComputerRecord] = [:], states: InstallStateTable = [:]) {
        self.serverVersion = serverVersion
        self.patches = patches
        self.supersedes = supersedes
        self.approvals = approvals
        self.groups = groups
        self.computers = computers
        self.states = states
    }
}

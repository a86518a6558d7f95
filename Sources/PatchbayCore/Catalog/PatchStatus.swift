import Foundation

/// Whether a classification's patches are required or merely recommended (docs/architecture.md §1).
public enum PatchPolicy: String, Sendable, Hashable, CaseIterable {
    case required, recommended

    /// Security Updates and Critical Updates are required unless the CMDB's classification table says otherwise.
    public static func defaultPolicy(for classification: String) -> PatchPolicy {
        ["security updates", "critical updates"].contains(classification.lowercased()) ? .required : .recommended
    }
}

/// The facts `patch info` is computed from, read in one transaction.
public struct PatchStatusData: Sendable {
    public struct Computer: Sendable, Hashable {
        public var key: Int64
        public var wsusServerID: Int64
        public var wsusServerName: String
        public var lastReportedAt: Date?
        public var groupIDs: [String]

        public init(key: Int64, wsusServerID: Int64, wsusServerName: String, lastReportedAt: Date?, groupIDs: [String]) {
            self.key = key
            self.wsusServerID = wsusServerID
            self.wsusServerName = wsusServerName
            self.lastReportedAt = lastReportedAt
            self.groupIDs = groupIDs
        }
    }

    public struct State: Sendable, Hashable {
        public var updateID: String
        public var state: InstallState
        public var changedAt: Date?
        /// Who saw the state: `discovery`, or `job N`.
        public var source: String
        /// When it was seen (for discovery: the computer's last WSUS report).
        public var observedAt: Date?

        public init(updateID: String, state: InstallState, changedAt: Date?, source: String = InstallStateChange.discoverySource, observedAt: Date? = nil) {
            self.updateID = updateID
            self.state = state
            self.changedAt = changedAt
            self.source = source
            self.observedAt = observedAt
        }
    }

    public struct Approval: Sendable, Hashable {
        public var updateID: String
        public var groupID: String
        public var action: String
        public var deadline: Date?

        public init(updateID: String, groupID: String, action: String, deadline: Date?) {
            self.updateID = updateID
            self.groupID = groupID
            self.action = action
            self.deadline = deadline
        }
    }

    /// server id → the WSUS computer that reports for it.
    public var serverComputers: [Int64: Computer] = [:]
    /// computer key → its install states.
    public var states: [Int64: [State]] = [:]
    /// update id → its current (latest, not retired) revision.
    public var patches: [String: PatchRecord] = [:]
    /// WSUS server id → approvals on it.
    public var approvals: [Int64: [Approval]] = [:]
    /// WSUS server id → group id → parent group id.
    public var groupParents: [Int64: [String: String]] = [:]
    /// classification title (lower-cased) → policy, where the CMDB overrides the default.
    public var policies: [String: PatchPolicy] = [:]

    public init() {}

    public func policy(for classification: String) -> PatchPolicy {
        policies[classification.lowercased()] ?? PatchPolicy.defaultPolicy(for: classification)
    }
}

/// One patch with the patches it replaces and those that replace it (WSUS supersedence).
public struct PatchDetails: Sendable, Hashable {
    public struct Related: Sendable, Hashable {
        public var updateID: String
        public var kb: String
        public var title: String

        public init(updateID: String, kb: String, title: String) {
            self.updateID = updateID
            self.kb = kb
            self.title = title
        }
    }

    public var patch: PatchRecord
    public var supersedes: [Related]
    public var supersededBy: [Related]

    public init(patch: PatchRecord, supersedes: [Related], supersededBy: [Related]) {
        self.patch = patch
        self.supersedes = supersedes
        self.supersededBy = supersededBy
    }
}

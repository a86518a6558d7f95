import Foundation
import PatchbayCore

/// What `patch info` filters on; nil means no filter.
public struct PatchInfoFilter: Sendable {
    public var tenant: String?
    public var server: String?
    /// A KB ("KB5033118" or "5033118") or an UpdateID.
    public var patch: String?
    public var classification: String?
    public var severity: String?
    public var state: InstallState?
    public var policy: PatchPolicy?

    public init(tenant: String? = nil, server: String? = nil, patch: String? = nil, classification: String? = nil, severity: String? = nil,
                state: InstallState? = nil, policy: PatchPolicy? = nil) {
        self.tenant = tenant
        self.server = server
        self.patch = patch
        self.classification = classification
        self.severity = severity
        self.state = state
        self.policy = policy
    }
}

/// One (server, patch) pair; a server WSUS has not reported on yet has one row with no patch.
public struct PatchInfoRow: Sendable, Hashable {
    public var tenant: String
    public var server: String
    public var ipAddress: String
    public var kb: String
    public var updateID: String
    public var revisionNumber: Int
    public var title: String
    public var classification: String
    public var severity: String
    /// nil on the row of a server that has not reported yet (it names no patch).
    public var policy: PatchPolicy?
    public var approval: ApprovalState?
    public var state: InstallState
    public var lastReport: Date?
    public var wsusServer: String
    public var releaseDate: Date? = nil
    public var products: [String] = []
    /// The server's recorded IANA time zone, empty when none (the console shows scheduled starts in it).
    public var timeZone: String = ""
    /// Who saw the state (`discovery`, `job N`) and when; empty on a server that has not reported.
    public var source: String = ""
    public var observedAt: Date? = nil
}

public struct ServerSummary: Sendable, Hashable {
    public var tenant: String
    public var server: String
    public var reported: Bool
    public var installed = 0
    public var needed = 0
    public var failed = 0
    public var pendingReboot = 0
    public var requiredNeeded = 0
    public var recommendedNeeded = 0
    public var lastReport: Date?
    /// Approved required patches on the server, and how many of them are installed.
    public var requiredApproved = 0
    public var requiredApprovedInstalled = 0

    /// Installed share of the approved required patches; nil when there are none.
    public var complianceRate: Double? {
        requiredApproved == 0 ? nil : Double(requiredApprovedInstalled) / Double(requiredApproved)
    }
}

public struct TenantSummary: Sendable, Hashable {
    public var tenant: String
    public var servers = 0
    public var notReported = 0
    public var installed = 0
    public var needed = 0
    public var failed = 0
    public var pendingReboot = 0
    /// Approved required (server, patch) pairs, and how many of them are installed.
    public var requiredApproved = 0
    public var requiredApprovedInstalled = 0

    /// Installed share of the approved required patches on reported servers; nil when there are none.
    public var complianceRate: Double? {
        requiredApproved == 0 ? nil : Double(requiredApprovedInstalled) / Double(requiredApproved)
    }
}

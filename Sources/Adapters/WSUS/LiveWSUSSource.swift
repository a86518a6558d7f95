import Foundation
import PatchbayCore
import Services
import WSUS
import WSUSWire

/// The live source: docs/wsus-protocol.md §15.5's order of calls over one authenticated connection.
public struct LiveWSUSSource: WSUSSource {
    public let client: WSUSClient
    /// Connections for the per-computer install-state calls (one per computer that changed): with several
    /// in flight, WSUS answers one while Patchbay reads another.
    public let connections: Int
    public var name: String { client.settings.name }
    public var url: String { client.settings.baseURL.absoluteString }

    public init(client: WSUSClient, connections: Int = 1) {
        self.client = client
        self.connections = max(1, connections)
    }

    public func fetch(stored: CatalogSnapshot) async throws -> CatalogSnapshot {
        let version = try await client.serverVersion()
        guard try await client.currentUserRole() != 0 else {
            throw WSUSError(kind: .forbidden, message: "\(name): '\(client.settings.username)' has no WSUS role (GetCurrentUserRole = 0)",
                            fix: "add the account to WSUS Administrators or WSUS Reporters")
        }
        var snapshot = CatalogSnapshot(serverVersion: version)
        for update in try await client.searchUpdates(serverVersion: version) {
            let patch = PatchRecord(
                updateID: update.updateID, revisionNumber: update.revisionNumber, kbNumbers: update.kbNumbers, title: update.title,
                description: update.description, classification: update.classification ?? "", products: update.products,
                msrcSeverity: update.msrcSeverity ?? "", releaseDate: update.creationDate, arrivalDate: update.arrivalDate,
                rebootBehavior: update.rebootBehavior, isDeclined: update.isDeclined, isExpired: update.isExpired,
                isSuperseded: update.isSuperseded, bulletins: update.bulletins, moreInfoURLs: update.infoURLs)
            snapshot.patches[patch.key] = patch
            // A non-GUID id is refused by discovery (RowScreen) and is not echoed into another request.
            if update.hasSupersededUpdates && stored.patches[patch.key] != patch && UpdateIdentifiers.isGUID(update.updateID) {
                let superseded = try await client.updatesSuperseded(by: update.updateID, revision: update.revisionNumber, serverVersion: version)
                snapshot.supersedes[update.updateID] = Set(superseded)
            }
        }
        for approval in try await client.approvals() where approval.action != .notApproved {
            let record = ApprovalRecord(patch: PatchKey(updateID: approval.updateID, revisionNumber: approval.revisionNumber),
                                        targetGroupID: approval.targetGroupID, action: approval.action.name, deadline: approval.deadline,
                                        approvedAt: approval.approvedAt, approvedBy: approval.adminName)
            snapshot.approvals[record.key] = record
        }
        for group in try await client.targetGroups() {
            snapshot.groups[group.id] = TargetGroupRecord(id: group.id, name: group.name, parentID: group.parentID)
        }
        let changedAt = try await client.statesChangedPerComputer()
        var statesWanted: [String] = []
        for computer in try await client.computers() {
            var record = ComputerRecord(
                computerID: computer.id, fullDomainName: computer.fullDomainName, ipAddress: computer.ipAddress,
                osDescription: computer.osDescription, lastSyncAt: computer.lastSyncTime, lastReportedAt: computer.lastReportedStatusTime,
                statesChangedAt: changedAt[computer.id], groupIDs: computer.groupIDs.sorted())
            let known = stored.computers[computer.id]
            if computer.lastReportedStatusTime != nil && (known == nil || known?.statesChangedAt != record.statesChangedAt) {
                statesWanted.append(computer.id)
            } else if known == nil {
                record.statesChangedAt = nil
            }
            snapshot.computers[computer.id] = record
        }
        snapshot.states = try await InstallStateFetch(client: client, connections: connections).states(of: statesWanted)
        snapshot.statesComplete = Set(statesWanted)
        return snapshot
    }
}

import Foundation
import WSUSWire

/// The server cleanup wizard's steps, done for real: declined, superseded and stale things disappear
/// with no tombstone, as on a real WSUS (docs/wsus-protocol.md §10).
enum Cleanup {
    /// Updates the cleanup would delete: declined or expired, and not approved for install anywhere.
    static func obsoleteUpdates(in data: WSUSData) -> [SimUpdate] {
        let installApproved = Set(data.approvals.filter { $0.action == .install }.map(\.updateID))
        return data.updates.filter { ($0.isDeclined || $0.isExpired) && !installApproved.contains($0.id) }
    }

    @discardableResult
    static func deleteUpdate(localID: Int, in data: inout WSUSData) -> Bool {
        guard let index = data.updates.firstIndex(where: { $0.localUpdateID == localID }) else { return false }
        let id = data.updates[index].id
        data.removeUpdates { $0.id == id }
        data.approvals.removeAll { $0.updateID == id }
        for computer in data.states.keys { data.states[computer]?[id] = nil }
        for other in data.updates.indices { data.updates[other].supersedes.removeAll { $0 == id } }
        return true
    }

    /// Declines updates superseded by another update that is approved for install, and not themselves approved.
    static func declineSuperseded(in data: inout WSUSData) -> Int {
        let installApproved = Set(data.approvals.filter { $0.action == .install }.map(\.updateID))
        let supersededByApproved = Set(data.updates.filter { installApproved.contains($0.id) }.flatMap(\.supersedes))
        var count = 0
        for index in data.updates.indices
        where supersededByApproved.contains(data.updates[index].id) && !installApproved.contains(data.updates[index].id) && !data.updates[index].isDeclined {
            data.updates[index].isDeclined = true
            count += 1
        }
        return count
    }

    static func declineExpired(in data: inout WSUSData) -> Int {
        var count = 0
        for index in data.updates.indices where data.updates[index].isExpired && !data.updates[index].isDeclined {
            data.updates[index].isDeclined = true
            count += 1
        }
        return count
    }

    /// Removes computers that have not contacted the server for `computerDeletionThresholdDays`.
    static func removeStaleComputers(in data: inout WSUSData, now: Date) -> Int {
        let limit = now.addingTimeInterval(-Double(data.computerDeletionThresholdDays) * 86_400)
        let stale = data.computers.filter { ($0.lastSyncTime ?? .distantPast) < limit }.map(\.id)
        data.computers.removeAll { stale.contains($0.id) }
        for id in stale { data.states[id] = nil }
        return stale.count
    }

    /// The whole wizard, in its observed order; returns what it removed.
    static func runWizard(in data: inout WSUSData, now: Date) -> (declined: Int, deleted: Int, computers: Int) {
        let declined = declineSuperseded(in: &data) + declineExpired(in: &data)
        let obsolete = obsoleteUpdates(in: data).map(\.localUpdateID)
        for id in obsolete { deleteUpdate(localID: id, in: &data) }
        let computers = removeStaleComputers(in: &data, now: now)
        return (declined, obsolete.count, computers)
    }
}

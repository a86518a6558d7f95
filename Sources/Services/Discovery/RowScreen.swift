import Foundation
import PatchbayCore

/// A row discovery refused to store, and why.
public struct SkippedRow: Sendable, Hashable, Comparable {
    public enum Kind: String, Sendable, Hashable, Comparable, CaseIterable {
        case update, computer, approval, group

        public static func < (a: Kind, b: Kind) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    public var kind: Kind
    /// The row's identity in WSUS (update id and revision, computer id, …), for sorting and tests.
    public var key: String
    /// Names the offending value and what it should have been, e.g. `'KB50’;x' is not a KB number (update 5f0c2a1b…)`.
    public var reason: String

    public static func < (a: SkippedRow, b: SkippedRow) -> Bool { (a.kind, a.key) < (b.kind, b.key) }

    /// "skipped 2 updates: REASON; REASON; skipped 1 computer: REASON", for the run's record and update-info.
    public static func summary(_ skipped: [SkippedRow]) -> String {
        Kind.allCases.compactMap { kind in
            let rows = skipped.filter { $0.kind == kind }
            guard !rows.isEmpty else { return nil }
            return "skipped \(rows.count) \(kind.rawValue)\(rows.count == 1 ? "" : "s"): " + rows.map(\.reason).joined(separator: "; ")
        }.joined(separator: "; ")
    }
}

/// Keeps out of the CMDB every row of a reported snapshot that breaks RowBounds: an update whose id is not a
/// GUID or whose KB is not digits (the ids and KBs stored here end up in Windows Update search criteria and
/// in the agent's request on business servers), a field longer than its bound, a date outside 1990 to one
/// year ahead. What points at a refused row goes with it: approvals, install states and supersedence of a
/// refused update, the states of a refused computer, approvals of and memberships in a refused group.
///
/// A refused row is not taken as gone from WSUS: what the CMDB already holds of it (`stored`) is kept as it
/// is, so one bad field never removes a computer, retires an update or drops an approval.
public enum RowScreen {
    public static func screen(_ reported: CatalogSnapshot, stored: CatalogSnapshot = CatalogSnapshot(), now: Date = Date())
        -> (snapshot: CatalogSnapshot, skipped: [SkippedRow]) {
        var kept = reported
        var skipped: [SkippedRow] = []
        var refusedKeys: Set<PatchKey> = []
        for (key, patch) in reported.patches {
            guard let reason = RowBounds.problem(patch, now: now) else { continue }
            kept.patches[key] = stored.patches[key]
            refusedKeys.insert(key)
            skipped.append(SkippedRow(kind: .update, key: "\(key.updateID)/\(key.revisionNumber)", reason: reason))
        }
        for (id, group) in reported.groups {
            guard let reason = RowBounds.problem(group) else { continue }
            kept.groups[id] = stored.groups[id]
            skipped.append(SkippedRow(kind: .group, key: id, reason: reason))
        }
        for (id, computer) in reported.computers {
            guard let reason = RowBounds.problem(computer, now: now) else { continue }
            // A stored computer stays as it was, states included (they are not read again this run).
            kept.computers[id] = stored.computers[id]
            kept.states[id] = nil
            kept.statesComplete.remove(id)
            skipped.append(SkippedRow(kind: .computer, key: id, reason: reason))
        }
        let newRefusedKeys = refusedKeys.filter { stored.patches[$0] == nil }
        // States and supersedence name an update by id alone: an id survives while one of its revisions is kept
        // (a held stored row included, so its states go on changing).
        let droppedIDs = Set(newRefusedKeys.map(\.updateID)).subtracting(kept.patches.keys.map(\.updateID))
        func trusted(_ updateID: String) -> Bool { UpdateIdentifiers.isGUID(updateID) && !droppedIDs.contains(updateID) }
        let droppedGroups = Set(reported.groups.keys).subtracting(kept.groups.keys)

        kept.approvals = [:]
        for (key, approval) in reported.approvals {
            if refusedKeys.contains(key.patch) || droppedGroups.contains(approval.targetGroupID) || !trusted(key.patch.updateID) {
                // What the CMDB holds of a refused update or group keeps its approvals.
                if let old = stored.approvals[key] { kept.approvals[key] = old }
                continue
            }
            if let reason = RowBounds.problem(approval, now: now) {
                if let old = stored.approvals[key] { kept.approvals[key] = old }
                skipped.append(SkippedRow(kind: .approval, key: "\(key.patch.updateID)/\(key.patch.revisionNumber)/\(key.targetGroupID)", reason: reason))
            } else {
                kept.approvals[key] = approval
            }
        }
        kept.states.keepUpdates(where: trusted)
        kept.supersedes = reported.supersedes.filter { trusted($0.key) }.mapValues { $0.filter(trusted) }
        if !droppedGroups.isEmpty {
            kept.computers = kept.computers.mapValues { computer in
                var computer = computer
                computer.groupIDs.removeAll(where: droppedGroups.contains)
                return computer
            }
        }
        return (kept, skipped.sorted())
    }
}

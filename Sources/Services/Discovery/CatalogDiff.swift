import PatchbayCore

/// Compares what the CMDB holds for one WSUS server with what the server reported, and lists exactly the
/// rows to write: the catalog at once, install states a chunk of computers at a time (docs/wsus-protocol.md §10: WSUS keeps no tombstones, so disappearance is found by diffing).
public enum CatalogDiff {
    public static func changes(stored: CatalogSnapshot, reported: CatalogSnapshot, cleanup: Bool) -> CatalogChanges {
        var changes = CatalogChanges(serverVersion: reported.serverVersion)
        for (key, patch) in reported.patches {
            if let old = stored.patches[key] {
                if old != patch { changes.changedPatches.append(patch) }
                if stored.missingPatches.contains(key) { changes.returnedPatches.append(key) }
            } else {
                changes.newPatches.append(patch)
            }
        }
        for key in stored.patches.keys where reported.patches[key] == nil {
            if cleanup {
                changes.retiredPatches.append(key)
            } else if !stored.missingPatches.contains(key) {
                changes.vanishedPatches.append(key)
            }
        }
        let touched = Set(changes.newPatches.map(\.updateID) + changes.changedPatches.map(\.updateID))
        changes.supersedes = reported.supersedes.filter { touched.contains($0.key) }

        for (key, approval) in reported.approvals {
            guard let old = stored.approvals[key] else {
                changes.upsertedApprovals.append(approval)
                changes.newApprovals.append(approval)
                continue
            }
            if old != approval {
                changes.upsertedApprovals.append(approval)
                changes.changedApprovalCount += 1
            }
        }
        changes.removedApprovals = stored.approvals.keys.filter { reported.approvals[$0] == nil }

        changes.upsertedGroups = reported.groups.values.filter { stored.groups[$0.id] != $0 }
        changes.removedGroups = stored.groups.keys.filter { reported.groups[$0] == nil }

        for (id, computer) in reported.computers {
            guard let old = stored.computers[id] else {
                changes.newComputers.append(computer)
                continue
            }
            var comparable = computer
            // A computer whose states were not fetched keeps its stored change time.
            if !reported.statesComplete.contains(id) { comparable.statesChangedAt = old.statesChangedAt }
            if comparable != old { changes.changedComputers.append(comparable) }
            if Set(computer.groupIDs) != Set(old.groupIDs) { changes.movedComputers.append(id) }
        }
        changes.removedComputers = stored.computers.keys.filter { reported.computers[$0] == nil }

        return changes
    }

    /// The state rows to write for `computers`, whose states WSUS reported in full (`reported`), against what
    /// the CMDB holds for them (`stored`).
    public static func states(of computers: [String], stored: [String: [String: InstallState]], reported: InstallStateTable) -> StateChanges {
        var changes = StateChanges(fetched: computers)
        for id in computers {
            let now = reported[id] ?? [:]
            let before = stored[id] ?? [:]
            var changed: [String: InstallState] = [:]
            var previous: [String: InstallState] = [:]
            for (update, state) in now where before[update] != state {
                changed[update] = state
                if let old = before[update] {
                    previous[update] = old
                    changes.changedCount += 1
                } else {
                    changes.newCount += 1
                }
            }
            if !changed.isEmpty { changes.changed[id] = changed }
            if !previous.isEmpty { changes.previous[id] = previous }
            let gone = before.keys.filter { now[$0] == nil }
            if !gone.isEmpty { changes.removed[id] = gone }
        }
        return changes
    }
}

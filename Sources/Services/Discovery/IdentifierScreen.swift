import PatchbayCore

/// An update row discovery refused to store, and why.
public struct SkippedUpdate: Sendable, Hashable {
    public var key: PatchKey
    /// Names the offending value and what it should have been, e.g. `'KB50’;x' is not a KB number (update 5f0c2a1b…)`.
    public var reason: String

    /// "skipped 2 updates: REASON; REASON", for the run's record and update-info.
    public static func summary(_ skipped: [SkippedUpdate]) -> String {
        "skipped \(skipped.count) update\(skipped.count == 1 ? "" : "s"): " + skipped.map(\.reason).joined(separator: "; ")
    }
}

/// Keeps out of the CMDB every row of a reported snapshot whose update id is not a GUID or whose KB is not
/// digits: the ids and KBs stored here end up in Windows Update search criteria and in the agent's
/// request on business servers, so only WSUS's own shapes may pass (UpdateIdentifiers). Approvals,
/// install states and supersedence that point at a refused or non-GUID update go with it.
public enum IdentifierScreen {
    public static func screen(_ reported: CatalogSnapshot) -> (snapshot: CatalogSnapshot, skipped: [SkippedUpdate]) {
        var kept = reported
        var skipped: [SkippedUpdate] = []
        for (key, patch) in reported.patches {
            guard let reason = problem(patch) else { continue }
            kept.patches[key] = nil
            skipped.append(SkippedUpdate(key: key, reason: reason))
        }
        let refusedKeys = Set(skipped.map(\.key))
        // States and supersedence name an update by id alone: an id survives while one of its revisions does.
        let refusedIDs = Set(skipped.map(\.key.updateID)).subtracting(kept.patches.keys.map(\.updateID))
        func trusted(_ updateID: String) -> Bool { UpdateIdentifiers.isGUID(updateID) && !refusedIDs.contains(updateID) }

        kept.approvals = reported.approvals.filter { !refusedKeys.contains($0.key.patch) && trusted($0.key.patch.updateID) }
        kept.states = reported.states.mapValues { $0.filter { trusted($0.key) } }
        kept.supersedes = reported.supersedes.filter { trusted($0.key) }.mapValues { $0.filter(trusted) }
        return (kept, skipped.sorted { $0.key < $1.key })
    }

    /// Why this row may not be stored, or nil when its id and KBs have WSUS's shapes.
    static func problem(_ patch: PatchRecord) -> String? {
        if !UpdateIdentifiers.isGUID(patch.updateID) {
            let named = patch.kbNumbers.first.flatMap { UpdateIdentifiers.isKBNumber($0) ? "KB\($0)" : nil } ?? UntrustedText.quoted(patch.title)
            return "update id \(UntrustedText.quoted(patch.updateID)) is not a GUID (\(named))"
        }
        if let kb = patch.kbNumbers.first(where: { !UpdateIdentifiers.isKBNumber($0) }) {
            return "\(UntrustedText.quoted("KB" + kb)) is not a KB number (update \(patch.updateID.prefix(8))…)"
        }
        return nil
    }
}

import Foundation
import WSUSWire

/// `UpdateScope` as the stored procedure would apply it (docs/wsus-protocol.md §6.1, §14.8).
struct UpdateFilter {
    let scope: Scope?
    let data: WSUSData

    init(scope text: String?, data: WSUSData) {
        self.scope = text.flatMap(Scope.parse)
        self.data = data
    }

    /// True when the scope selects every update (no scope, or only `ApprovedStates="-1"` and attributes that
    /// do not filter), so callers can skip the catalog scan.
    var isUnrestricted: Bool {
        guard let scope else { return true }
        let neutral: [String: Set<String>] = ["ApprovedStates": ["-1"], "UpdateTypes": ["-1"], "UpdateSources": ["1"],
                                              "ExcludedInstallationStates": ["0"], "IncludedInstallationStates": ["-1"],
                                              "UpdateApprovalActions": ["-1"]]
        return scope.attributes.allSatisfy { neutral[$0.0]?.contains($0.1) ?? false }
    }

    func select() -> [SimUpdate] {
        guard let scope else { return data.updates }
        let approvedStates = Int(scope["ApprovedStates"] ?? "-1") ?? -1
        let classifications = scope["Classifications"].map { Set(Scope.parseList($0)) }
        let textIncludes = scope["TextIncludes"].flatMap { $0.isEmpty ? nil : $0.lowercased() }
        let textExcludes = scope["TextNotIncludes"].flatMap { $0.isEmpty ? nil : $0.lowercased() }
        let fromArrival = scope["FromArrivalDate"].flatMap(WireDate.parseScope).flatMap { $0.year <= 1753 ? nil : $0.date }
        let toArrival = scope["ToArrivalDate"].flatMap(WireDate.parseScope).flatMap { $0.year >= 9999 ? nil : $0.date }
        let included = Int(scope["IncludedInstallationStates"] ?? "-1") ?? -1
        let excluded = Int(scope["ExcludedInstallationStates"] ?? "0") ?? 0
        let groups = scope["ApprovedComputerTargetGroups"].map { Set(Scope.parseList($0)) }
        let approvedIDs = Set(data.approvals.filter { $0.action == .install || $0.action == .uninstall }.map(\.updateID))
        let statesByUpdate = (included != -1 || excluded != 0) ? statesPerUpdate() : [:]
        return data.updates.filter { update in
            if approvedStates != -1 {
                let bit: Int
                if update.isDeclined { bit = 8 } else if approvedIDs.contains(update.id) { bit = 1 } else { bit = 4 }
                guard approvedStates & bit != 0 else { return false }
            }
            if let classifications, let id = Classification.id(forTitle: update.classification), !classifications.contains(id) { return false }
            if let textIncludes, !(update.title.lowercased().contains(textIncludes) || update.kbs.contains { textIncludes.contains($0) }) { return false }
            if let textExcludes, update.title.lowercased().contains(textExcludes) { return false }
            if let fromArrival, update.arrivalDate < fromArrival { return false }
            if let toArrival, update.arrivalDate > toArrival { return false }
            if let groups {
                guard data.approvals.contains(where: { $0.updateID == update.id && groups.contains($0.groupID) && $0.action != .notApproved }) else { return false }
            }
            if included != -1 || excluded != 0 {
                let mask = statesByUpdate[update.id] ?? 0
                if included != -1 && mask & included == 0 { return false }
                if mask & excluded != 0 && mask & ~excluded == 0 { return false }
            }
            return true
        }
    }

    private func statesPerUpdate() -> [String: Int] {
        var masks: [String: Int] = [:]
        for (_, states) in data.states {
            for (updateID, state) in states { masks[updateID, default: 0] |= state.bit }
        }
        return masks
    }
}

/// `ComputerTargetScope` (docs/wsus-protocol.md §6.4).
struct ComputerFilter {
    let scope: Scope?
    let data: WSUSData

    init(scope text: String?, data: WSUSData) {
        self.scope = text.flatMap(Scope.parse)
        self.data = data
    }

    func select() -> [SimComputer] {
        guard let scope else { return data.computers }
        let groups = scope["ComputerTargetGroups"].map { Set(Scope.parseList($0)) }
        let subgroups = (scope["IncludeSubgroups"].map { $0 == "1" || $0.lowercased() == "true" }) ?? false
        let names = scope["NameIncludes"].flatMap { $0.isEmpty ? nil : $0.lowercased() }
        let included = Int(scope["IncludedInstallationStates"] ?? "-1") ?? -1
        return data.computers.filter { computer in
            if let groups {
                let memberOf = subgroups ? data.effectiveGroups(of: computer) : Set(computer.groupIDs.isEmpty ? [BuiltInGroup.unassignedComputers] : computer.groupIDs)
                guard !groups.isDisjoint(with: memberOf) else { return false }
            }
            if let names, !computer.fullDomainName.lowercased().contains(names) { return false }
            if included != -1 {
                let mask = (data.states[computer.id] ?? [:]).values.reduce(0) { $0 | $1.bit }
                guard mask & included != 0 else { return false }
            }
            return true
        }
    }
}

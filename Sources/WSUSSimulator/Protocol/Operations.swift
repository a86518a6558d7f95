import Foundation
import WSUSWire

/// A WSUS role, as `GetCurrentUserRole` reports it.
public enum SimRole: String, Sendable, CaseIterable {
    case administrator, reporter, none
}

/// What an operation answers.
enum OperationResult: Sendable {
    case body(String)
    case fault(type: String, message: String)
}

/// The operations of docs/wsus-protocol.md §8 over a snapshot (reads) or the live data (cleanup). An operation the
/// WSDL has but the simulator does not implement answers with a SOAP fault, never a 404.
struct Operations {
    let state: SimulatorState
    let contract: WSDLContract
    let role: SimRole
    let settings: SimulatorSettings

    static let writeOperations: Set<String> = [
        "ExecuteSPDeleteUpdate", "ExecuteSPDeleteUpdateByUpdateID", "ExecuteSPDeclineSupersededUpdates",
        "ExecuteSPDeclineExpiredUpdates", "ExecuteSPCleanupObsoleteComputers", "ExecuteSPCompressUpdate",
        "ExecuteSPCleanupUnneededContentFiles2",
    ]

    func perform(_ request: SOAPRequest) -> OperationResult {
        guard let parameters = contract.operations[request.operation] else {
            return .fault(type: "System.InvalidOperationException", message: "The operation '\(request.operation)' is not part of the ApiRemoting30 WSDL.")
        }
        for parameter in parameters where parameter.required && request.parameters[parameter.name] == nil {
            return .fault(type: "System.ArgumentNullException", message: "Value cannot be null.\r\nParameter name: \(parameter.name)")
        }
        // Optional reference parameters that the stored procedures need fault the same way when missing or miscased.
        for name in Self.requiredReferences[request.operation] ?? [] where request.parameters[name] == nil {
            return .fault(type: "System.ArgumentNullException", message: "Value cannot be null.\r\nParameter name: \(name)")
        }
        if Self.writeOperations.contains(request.operation) && role != .administrator {
            return .fault(type: "System.UnauthorizedAccessException", message: "Access is denied: the WSUS Administrators role is required for \(request.operation).")
        }
        let p = request.parameters
        let op = request.operation
        let rendering = RowRendering(layout: settings.layout)
        switch op {
        case "GetServerVersion":
            return scalar(op, settings.version)
        case "GetServerProtocolVersion":
            return scalar(op, "1.20")
        case "GetCurrentUserRole":
            return scalar(op, String(settings.roleNumbers[role] ?? 0))
        case "ExecuteSPGetUpdateCount":
            let data = state.snapshot()
            return scalar(op, String(UpdateFilter(scope: p["updateScopeXml"], data: data).select().count))
        case "ExecuteSPSearchUpdates":
            let data = state.snapshot()
            let updates = UpdateFilter(scope: p["updateScopeXml"], data: data).select()
            return completeUpdates(op, updates, data, rendering)
        case "ExecuteSPGetUpdateById":
            let data = state.snapshot()
            let id = request.children["id"]?["UpdateId"]?.lowercased() ?? ""
            let revision = Int(request.children["id"]?["RevisionNumber"] ?? "") ?? -1
            guard let update = data.updates.first(where: { $0.id == id && $0.revisionNumber == revision }) else {
                return notFound("update \(id) revision \(revision)")
            }
            return completeUpdates(op, [update], data, rendering)
        case "ExecuteSPGetUpdatesSupersededByUpdate":
            let data = state.snapshot()
            let id = request.children["id"]?["UpdateId"]?.lowercased() ?? ""
            guard let update = data.update(id: id) else { return notFound("update \(id)") }
            let superseded = Set(update.supersedes)
            return completeUpdates(op, data.updates.filter { superseded.contains($0.id) }, data, rendering)
        case "ExecuteSPGetDeployments":
            let data = state.snapshot()
            let ids = Set(UpdateFilter(scope: p["updateScopeXml"], data: data).select().map(\.id))
            return rows(op, data.approvals.filter { ids.contains($0.updateID) }.map(rendering.deployment))
        case "ExecuteSPGetAllTargetGroups":
            let data = state.snapshot()
            return rows(op, data.groups.enumerated().map { rendering.targetGroup($1, order: $0) })
        case "ExecuteSPGetComputerCount":
            let data = state.snapshot()
            return scalar(op, String(ComputerFilter(scope: p["computerTargetScopeXml"], data: data).select().count))
        case "ExecuteSPSearchComputers", "ExecuteSPGetAllComputers":
            let data = state.snapshot()
            let computers = op == "ExecuteSPGetAllComputers" ? data.computers : ComputerFilter(scope: p["computerTargetScopeXml"], data: data).select()
            return computerSets(op, computers, rendering)
        case "ExecuteSPGetComputerTargetByName":
            let data = state.snapshot()
            guard let computer = data.computer(named: p["name"] ?? "") else { return notFound("computer \(p["name"] ?? "")") }
            return computerSets(op, [computer], rendering)
        case "ExecuteSPGetUpdateInstallationInfoForComputer":
            let data = state.snapshot()
            guard let computer = data.computer(id: p["computerId"] ?? "") else {
                return notFound("computer \(p["computerId"] ?? "")")
            }
            let filter = UpdateFilter(scope: p["updateScopeXml"], data: data)
            let selected = filter.isUnrestricted ? (data.states[computer.id] ?? [:]).keys.compactMap(data.update(id:)) : filter.select()
            return rows(op, installationRows(computer: computer, updates: selected, data: data))
        case "ExecuteSPGetSummariesPerComputer":
            let data = state.snapshot()
            let filter = UpdateFilter(scope: p["updateScopeXml"], data: data)
            let updateIDs = filter.isUnrestricted ? nil : Set(filter.select().map(\.id))
            let computers = ComputerFilter(scope: p["computerTargetScopeXml"], data: data).select()
            return rows(op, summaryRows(computers: computers, updateIDs: updateIDs, data: data))
        case "ExecuteSPGetCategories":
            let classifications = Classification.all.enumerated().map { index, entry in
                Row([.int(index + 1), .guid(entry.id), .string("UpdateClassification"), .bool(false), .bool(false), .int(index),
                     .int(index), .string(entry.title), .string(entry.title), .null, .dateTime("2023-01-01T00:00:00")])
            }
            return rows(op, p["retrieveUpdateClassifications"] == "true" ? classifications : [])
        case "ExecuteSPGetComputersNotContactedSinceCount":
            let since = WireDate.parse(p["fromDate"] ?? "") ?? .distantPast
            let data = state.snapshot()
            return scalar(op, String(data.computers.filter { ($0.lastSyncTime ?? .distantPast) < since }.count))
        case "ExecuteSPCountObsoleteUpdatesToCleanup":
            return scalar(op, String(Cleanup.obsoleteUpdates(in: state.snapshot()).count))
        case "ExecuteSPGetObsoleteUpdatesToCleanup":
            let ids = Cleanup.obsoleteUpdates(in: state.snapshot()).map(\.localUpdateID)
            return .body(SOAPEnvelope.responseHead(op) + ids.map { "<int>\($0)</int>" }.joined() + SOAPEnvelope.responseTail(op))
        case "ExecuteSPDeleteUpdate":
            let id = Int(p["localUpdateID"] ?? "") ?? -1
            return state.mutate { Cleanup.deleteUpdate(localID: id, in: &$0) } ? .body(SOAPEnvelope.emptyResponse(op)) : notFound("local update \(id)")
        case "ExecuteSPDeleteUpdateByUpdateID":
            let id = p["updateID"]?.lowercased() ?? ""
            let local = state.snapshot().update(id: id)?.localUpdateID ?? -1
            return state.mutate { Cleanup.deleteUpdate(localID: local, in: &$0) } ? .body(SOAPEnvelope.emptyResponse(op)) : notFound("update \(id)")
        case "ExecuteSPDeclineSupersededUpdates":
            return scalar(op, String(state.mutate { Cleanup.declineSuperseded(in: &$0) }))
        case "ExecuteSPDeclineExpiredUpdates":
            return scalar(op, String(state.mutate { Cleanup.declineExpired(in: &$0) }))
        case "ExecuteSPCleanupObsoleteComputers":
            return scalar(op, String(state.mutate { Cleanup.removeStaleComputers(in: &$0, now: Date()) }))
        default:
            if let result = performMore(request, rendering: rendering) { return result }
            return .fault(type: "Microsoft.UpdateServices.Internal.WsusServiceException",
                          message: "The operation '\(op)' is not implemented by the Patchbay WSUS simulator.")
        }
    }

    /// Reference-typed parameters (minOccurs 0 in the WSDL) the server cannot do without (docs/wsus-protocol.md §11 #1).
    static let requiredReferences: [String: [String]] = [
        "ExecuteSPGetUpdateInstallationInfoForComputer": ["computerId"],
        "ExecuteSPGetUpdateById": ["id"],
        "ExecuteSPGetUpdatesSupersededByUpdate": ["id"],
        "ExecuteSPGetComputerTargetByName": ["name"],
        "ExecuteSPGetUpdatesThatSupersedeUpdate": ["id"],
        "ExecuteSPGetDeploymentsByUpdate1": ["id"], "ExecuteSPGetDeploymentsByUpdate2": ["id"], "ExecuteSPGetDeploymentsByUpdate3": ["id"],
        "ExecuteSPGetTotalSummaryForComputer": ["computerId"], "ExecuteSPGetTargetGroupsForComputer": ["computerId"],
    ]

    private func scalar(_ op: String, _ value: String) -> OperationResult {
        .body(SOAPEnvelope.scalarResponse(op, value))
    }

    func rows(_ op: String, _ rows: [Row]) -> OperationResult {
        var out = SOAPEnvelope.responseHead(op)
        out.reserveCapacity(rows.count * 400)
        for row in rows { row.append(to: &out) }
        out += SOAPEnvelope.responseTail(op)
        return .body(out)
    }

    func notFound(_ what: String) -> OperationResult {
        .fault(type: "Microsoft.UpdateServices.Administration.WsusObjectNotFoundException", message: "The requested \(what) was not found.")
    }

    func completeUpdates(_ op: String, _ updates: [SimUpdate], _ data: WSUSData, _ rendering: RowRendering) -> OperationResult {
        let superseded = Set(data.updates.flatMap(\.supersedes))
        var out = SOAPEnvelope.responseHead(op)
        out.reserveCapacity(updates.count * 3_000)
        rendering.completeUpdates(updates, supersededIDs: superseded, into: &out)
        return .body(out + SOAPEnvelope.responseTail(op))
    }

    func computerSets(_ op: String, _ computers: [SimComputer], _ rendering: RowRendering) -> OperationResult {
        var out = SOAPEnvelope.responseHead(op) + "<ArrayOfGenericReadableRow>"
        for computer in computers { out += rendering.computer(computer).xml }
        out += "</ArrayOfGenericReadableRow><ArrayOfGenericReadableRow>"
        out += "</ArrayOfGenericReadableRow><ArrayOfGenericReadableRow>"
        for computer in computers {
            for group in computer.groupIDs.isEmpty ? [BuiltInGroup.unassignedComputers] : computer.groupIDs {
                out += Row([.string(computer.id), .guid(group)]).xml
            }
        }
        return .body(out + "</ArrayOfGenericReadableRow>" + SOAPEnvelope.responseTail(op))
    }

    /// The computer's groups are worked out once and the approvals grouped by update once per call: a call
    /// answers for every update of the computer.
    private func installationRows(computer: SimComputer, updates: [SimUpdate], data: WSUSData) -> [Row] {
        let groupIDs = data.effectiveGroups(of: computer)
        let approvals = Dictionary(grouping: data.approvals, by: \.updateID)
        return updates.compactMap { update in
            guard let state = data.states[computer.id]?[update.id] else { return nil }
            return installationRow(update: update, computer: computer, state: state,
                                   approval: data.effectiveApproval(update: update, groupIDs: groupIDs, candidates: approvals[update.id] ?? []))
        }
    }

    /// One `…InstallationInfo…` row (docs/wsus-protocol.md §9.7), or nil when the update does not apply to the computer.
    func installationRow(update: SimUpdate, computer: SimComputer, data: WSUSData) -> Row? {
        guard let state = data.states[computer.id]?[update.id] else { return nil }
        return installationRow(update: update, computer: computer, state: state, approval: data.effectiveApproval(update: update, computer: computer))
    }

    private func installationRow(update: SimUpdate, computer: SimComputer, state: InstallationState, approval: SimApproval?) -> Row {
        Row([.guid(update.id), .string(computer.id), .int(state.rawValue),
                    .int(approval?.action.rawValue ?? DeploymentAction.notApproved.rawValue), approval.map { Cell.guid($0.groupID) } ?? .null])
    }

    private func summaryRows(computers: [SimComputer], updateIDs: Set<String>?, data: WSUSData) -> [Row] {
        var rows: [Row] = []
        for computer in computers {
            var counts: [InstallationState: Int] = [:]
            for (updateID, state) in data.states[computer.id] ?? [:] where updateIDs?.contains(updateID) ?? true { counts[state, default: 0] += 1 }
            let changed = data.statesChangedAt[computer.id] ?? computer.lastReportedStatusTime
            for state in InstallationState.allCases where counts[state] != nil {
                rows.append(Row([.null, .null, .string(computer.id), .int(state.rawValue), .int(counts[state]!), changed.map(Cell.date) ?? .null]))
            }
        }
        return rows
    }
}

import Foundation
import WSUSWire

/// The rest of docs/wsus-protocol.md §8's operation set: lookups by id, per-update and per-group views, maintenance
/// counters, configuration and the event history. Returns nil for operations it does not know.
extension Operations {
    func performMore(_ request: SOAPRequest, rendering: RowRendering) -> OperationResult? {
        let p = request.parameters
        let op = request.operation
        let data = state.snapshot()
        let revisionID = request.children["id"]?["UpdateId"]?.lowercased()
        switch op {
        // MARK: catalog
        case "ExecuteSPSimpleSearchUpdates":
            let text = (p["searchText"] ?? "").lowercased()
            return completeUpdates(op, data.updates.filter { text.isEmpty || $0.title.lowercased().contains(text) || $0.kbs.contains { text.contains($0) } }, data, rendering)
        case "ExecuteSPGetRevisions":
            guard let update = data.update(id: p["updateId"] ?? "") else { return notFound("update \(p["updateId"] ?? "")") }
            return completeUpdates(op, [update], data, rendering)
        case "ExecuteSPGetUpdatesThatSupersedeUpdate":
            guard let id = revisionID, data.update(id: id) != nil else { return notFound("update \(revisionID ?? "")") }
            return completeUpdates(op, data.updates.filter { $0.supersedes.contains(id) }, data, rendering)
        case "ExecuteSPGetXmlForUpdate":
            guard let update = data.update(id: p["updateId"] ?? "") else { return notFound("update \(p["updateId"] ?? "")") }
            let xml = "<Update UpdateId=\"\(update.id)\" RevisionNumber=\"\(update.revisionNumber)\"><Title>\(XMLText.escape(update.title))</Title>"
                + update.kbs.map { "<KBArticleID>\($0)</KBArticleID>" }.joined() + "</Update>"
            return .body(SOAPEnvelope.scalarResponse(op, xml))
        case "ExecuteSPGetDeploymentsByUpdate1", "ExecuteSPGetDeploymentsByUpdate2", "ExecuteSPGetDeploymentsByUpdate3":
            guard let id = revisionID else { return notFound("update") }
            var approvals = data.approvals.filter { $0.updateID == id }
            if let group = p["targetGroupId"]?.lowercased() { approvals = approvals.filter { $0.groupID == group } }
            if let action = p["deploymentAction"].flatMap(Int.init), action != DeploymentAction.all { approvals = approvals.filter { $0.action.rawValue == action } }
            return rows(op, approvals.map(rendering.deployment))
        case "ExecuteSPGetDeploymentById":
            guard let approval = data.approvals.first(where: { $0.id == p["deploymentId"]?.lowercased() }) else { return notFound("deployment \(p["deploymentId"] ?? "")") }
            return .body(SOAPEnvelope.responseHead(op) + "<Values>" + rendering.deployment(approval).cells.map(\.xml).joined() + "</Values>" + SOAPEnvelope.responseTail(op))

        // MARK: computers and groups
        case "ExecuteSPGetComputerById":
            guard let computer = data.computer(id: p["id"] ?? "") else { return notFound("computer \(p["id"] ?? "")") }
            return computerSets(op, [computer], rendering)
        case "ExecuteSPSimpleSearchComputers":
            let name = (p["name"] ?? "").lowercased()
            return computerSets(op, data.computers.filter { name.isEmpty || $0.fullDomainName.lowercased().contains(name) }, rendering)
        case "ExecuteSPGetComputersInTargetGroup":
            let group = p["targetGroupId"]?.lowercased() ?? ""
            let subgroups = p["includeSubgroups"] == "true"
            return computerSets(op, data.computers.filter { computer in
                subgroups ? data.effectiveGroups(of: computer).contains(group) : (computer.groupIDs.isEmpty ? [BuiltInGroup.unassignedComputers] : computer.groupIDs).contains(group)
            }, rendering)
        case "ExecuteSPGetTargetGroupById":
            guard let index = data.groups.firstIndex(where: { $0.id == p["id"]?.lowercased() }) else { return notFound("target group \(p["id"] ?? "")") }
            return .body(SOAPEnvelope.responseHead(op) + "<Values>" + rendering.targetGroup(data.groups[index], order: index).cells.map(\.xml).joined()
                         + "</Values>" + SOAPEnvelope.responseTail(op))
        case "ExecuteSPGetChildTargetGroups":
            let parent = p["targetGroupId"]?.lowercased()
            return rows(op, data.groups.enumerated().filter { $0.element.parentID == parent }.map { rendering.targetGroup($0.element, order: $0.offset) })
        case "ExecuteSPGetTargetGroupsForComputer":
            guard let computer = data.computer(id: p["computerId"] ?? "") else { return notFound("computer \(p["computerId"] ?? "")") }
            let ids = data.effectiveGroups(of: computer)
            return rows(op, data.groups.enumerated().filter { ids.contains($0.element.id) }.map { rendering.targetGroup($0.element, order: $0.offset) })

        // MARK: install state views
        case "ExecuteSPGetUpdateInstallationInfoForUpdate":
            guard let update = data.update(id: p["updateId"] ?? "") else { return notFound("update \(p["updateId"] ?? "")") }
            let computers = ComputerFilter(scope: p["computerTargetScopeXml"], data: data).select()
            return rows(op, installationRows(update: update, computers: computers, data: data))
        case "ExecuteSPGetUpdateInstallationInfoForTargetGroup":
            guard let update = data.update(id: p["updateId"] ?? "") else { return notFound("update \(p["updateId"] ?? "")") }
            let computers = members(of: p["targetGroupId"] ?? "", subgroups: p["includeSubgroups"] == "true", data: data)
            return rows(op, installationRows(update: update, computers: computers, data: data))
        case "ExecuteSPGetSummariesPerUpdate":
            let updates = UpdateFilter(scope: p["updateScopeXml"], data: data).select()
            let computers = ComputerFilter(scope: p["computerTargetScopeXml"], data: data).select()
            return rows(op, updates.flatMap { update in
                summary(of: computers, update: update, data: data).map { Row([.guid(update.id), .null, .null, .int($0.key.rawValue), .int($0.value), .null]) }
            })
        case "ExecuteSPGetTargetGroupSummariesForUpdate":
            guard let update = data.update(id: p["updateId"] ?? "") else { return notFound("update \(p["updateId"] ?? "")") }
            return rows(op, data.groups.filter { $0.type == "Computers" }.flatMap { group in
                summary(of: members(of: group.id, subgroups: p["includeSubgroups"] == "true", data: data), update: update, data: data)
                    .map { Row([.guid(update.id), .guid(group.id), .null, .int($0.key.rawValue), .int($0.value), .null]) }
            })
        case "ExecuteSPGetTotalSummaryForComputer":
            guard let computer = data.computer(id: p["computerId"] ?? "") else { return notFound("computer \(p["computerId"] ?? "")") }
            var counts: [InstallationState: Int] = [:]
            for state in (data.states[computer.id] ?? [:]).values { counts[state, default: 0] += 1 }
            return rows(op, counts.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                Row([.null, .null, .string(computer.id), .int($0.key.rawValue), .int($0.value), .date(data.statesChangedAt[computer.id])])
            })

        // MARK: maintenance
        case "ExecuteSPCountUpdatesToCompress":
            return .body(SOAPEnvelope.scalarResponse(op, "0")) // one revision per update: nothing older to compress
        case "ExecuteSPGetUpdatesToCompress":
            return .body(SOAPEnvelope.responseHead(op) + SOAPEnvelope.responseTail(op))
        case "ExecuteSPCompressUpdate":
            let id = Int(p["localUpdateID"] ?? "") ?? -1
            return data.updates.contains { $0.localUpdateID == id } ? .body(SOAPEnvelope.emptyResponse(op)) : notFound("local update \(id)")
        case "ExecuteSPCleanupUnneededContentFiles2":
            return .body(SOAPEnvelope.scalarResponse(op, "0"))
        case "ExecuteSPGetConfiguration":
            let configuration = "<Configuration><revisionDeletionTimeThreshold>30</revisionDeletionTimeThreshold>"
                + "<computerDeletionTimeThreshold>\(data.computerDeletionThresholdDays)</computerDeletionTimeThreshold>"
                + "<ServerId>\(StableID.guid("server:" + settings.domain))</ServerId><SyncToMU>true</SyncToMU>"
                + "<ServerString>Patchbay WSUS simulator</ServerString></Configuration>"
            return .body(SOAPEnvelope.responseHead(op) + configuration + SOAPEnvelope.responseTail(op))
        case "ExecuteSPSearchEventHistory":
            return .body(SOAPEnvelope.responseHead(op) + data.events.map(eventRow).joined() + SOAPEnvelope.responseTail(op))
        default:
            return nil
        }
    }

    private func members(of group: String, subgroups: Bool, data: WSUSData) -> [SimComputer] {
        let id = group.lowercased()
        return data.computers.filter { computer in
            subgroups ? data.effectiveGroups(of: computer).contains(id) : (computer.groupIDs.isEmpty ? [BuiltInGroup.unassignedComputers] : computer.groupIDs).contains(id)
        }
    }

    private func installationRows(update: SimUpdate, computers: [SimComputer], data: WSUSData) -> [Row] {
        computers.compactMap { installationRow(update: update, computer: $0, data: data) }
    }

    private func summary(of computers: [SimComputer], update: SimUpdate, data: WSUSData) -> [InstallationState: Int] {
        var counts: [InstallationState: Int] = [:]
        for computer in computers {
            if let state = data.states[computer.id]?[update.id] { counts[state, default: 0] += 1 }
        }
        return counts
    }

    private func eventRow(_ event: SimEvent) -> String {
        "<EventHistoryTableRow><EventInstanceId>\(StableID.guid("event:\(event.id):\(event.at.timeIntervalSince1970)"))</EventInstanceId>"
            + "<EventId>\(event.id)</EventId><NamespaceId>2</NamespaceId><SourceId>0</SourceId>"
            + "<TimeAtTarget>\(WireDate.format(event.at))</TimeAtTarget><TimeAtServer>\(WireDate.format(event.at))</TimeAtServer>"
            + "<StateId>0</StateId><SeverityId>0</SeverityId><Win32HResult>0</Win32HResult>"
            + "<MessageTemplate>\(XMLText.escape(event.message))</MessageTemplate><RevisionNumber>0</RevisionNumber></EventHistoryTableRow>"
    }
}

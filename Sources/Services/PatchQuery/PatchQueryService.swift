import Foundation
import PatchbayCore

/// Patch status per (server, patch) and its summaries, scoped to what the acting principal may see.
public struct PatchQueryService: Sendable {
    let context: ServiceContext
    private var audit: AuditTrail { AuditTrail(context: context) }

    public init(context: ServiceContext) {
        self.context = context
    }

    public func rows(_ filter: PatchInfoFilter) async throws -> [PatchInfoRow] {
        try await audit.writeQuery("patch info", Self.parameters(filter), filterTenant: filter.tenant) { session in
            try await Self.compute(filter, principal: context.principal, session: session)
        }
    }

    /// The rows of `filter` handed to `emit` a chunk of servers at a time, in listing order, as they are read
    /// (the CLI writes them out at once); returns how many there were. Audited like `rows`.
    @discardableResult
    public func stream(_ filter: PatchInfoFilter, _ emit: ([PatchInfoRow]) throws -> Void) async throws -> Int {
        try await audit.streamedQuery("patch info", Self.parameters(filter), filterTenant: filter.tenant) { session in
            var count = 0
            try await Self.forEachChunk(filter, principal: context.principal, session: session) { rows in
                try emit(rows)
                count += rows.count
            }
            return count
        }
    }

    /// The CMDB's change counter: it moves in the transaction of every write that changes what the patch
    /// status shows (discovery, a job's observation, servers, tenants).
    public func changeCounter() async throws -> Int64 {
        try await context.store.read { try await $0.installStates.changeCounter() }
    }

    /// The rows of `filter` read again, with the counter they were read at, when the counter has moved past
    /// `since`; nil when nothing changed. Not audited: it keeps a view the user opened (audited then) current.
    public func refreshed(_ filter: PatchInfoFilter, since: Int64) async throws -> (rows: [PatchInfoRow], counter: Int64)? {
        try await context.store.read { session in
            let counter = try await session.installStates.changeCounter()
            guard counter != since else { return nil }
            return (try await Self.compute(filter, principal: context.principal, session: session), counter)
        }
    }

    /// `approvedOnly`: count only approved patches (what the console can apply); servers with none still appear.
    public func summaries(_ filter: PatchInfoFilter, approvedOnly: Bool = false) async throws -> (servers: [ServerSummary], tenants: [TenantSummary]) {
        let parameters = Self.parameters(filter) + (approvedOnly ? [AuditParameter("approved-only", "yes")] : [])
        let rows = try await audit.writeQuery("patch info --summary", parameters, filterTenant: filter.tenant) { session in
            try await Self.compute(filter, principal: context.principal, session: session)
        }
        return Self.summarize(rows, approvedOnly: approvedOnly)
    }

    /// One patch's description, links and supersedence (the console's details pane); audited like 'patch info'.
    public func details(updateID: String) async throws -> PatchDetails? {
        try await audit.write("patch show", [AuditParameter("patch", updateID)], tenant: nil) { session in
            try await session.patchStatus.details(updateID: updateID)
        }
    }

    /// The newest changes of a server's install states, newest first (the console's server details): who saw
    /// each change (discovery or a job) and when. Audited like 'patch show' when `audited`; a refresh of what
    /// the user already opened is not. A server the principal may not see is refused as one that does not exist.
    public func stateHistory(server name: String, limit: Int = 20, audited: Bool = true) async throws -> [InstallStateChange] {
        let look: @Sendable (any CMDBSession) async throws -> ([InstallStateChange], String?) = { session in
            guard let server = try await session.servers.named(name), may(context.principal, .view, .server(server.scope)) else {
                throw PatchbayError.badArguments("there is no server '\(name)' you may see", remedy: .see(.servers))
            }
            let tenant = try await session.tenants.withID(server.tenantID)?.name
            return (try await session.installStates.history(serverID: server.id, limit: limit), tenant)
        }
        guard audited else { return try await context.store.read { try await look($0).0 } }
        return try await audit.writeNamingTenant("server history", [AuditParameter("server", name)], look)
    }

    /// `onlyServers` (server ids) narrows the work to those servers, for callers that already know them.
    static func compute(_ filter: PatchInfoFilter, principal: Principal, session: any CMDBSession,
                        onlyServers: Set<Int64>? = nil) async throws -> [PatchInfoRow] {
        var rows: [PatchInfoRow] = []
        try await forEachChunk(filter, principal: principal, session: session, onlyServers: onlyServers) { rows += $0 }
        return rows
    }

    /// Servers whose rows are worked out together: their states are read in one go, then let go.
    static let serversPerChunk = 250

    /// The rows of `filter` in their listing order (tenant, server, KB), handed over a chunk of servers at a time:
    /// the catalog is read once, install states only for the servers of the chunk at hand.
    static func forEachChunk(_ filter: PatchInfoFilter, principal: Principal, session: any CMDBSession, onlyServers: Set<Int64>? = nil,
                             _ emit: ([PatchInfoRow]) async throws -> Void) async throws {
        let tenants = Dictionary(uniqueKeysWithValues: try await session.tenants.all().map { ($0.id, $0.name) })
        if let tenant = filter.tenant, !tenants.values.contains(tenant) {
            throw PatchbayError.badArguments("there is no tenant '\(tenant)'", remedy: .see(.tenants))
        }
        var servers = try await session.servers.all().filter { may(principal, .view, .server($0.scope)) && (onlyServers?.contains($0.id) ?? true) }
        if let tenant = filter.tenant { servers = servers.filter { tenants[$0.tenantID] == tenant } }
        if let name = filter.server {
            servers = servers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }
            if servers.isEmpty {
                throw PatchbayError.badArguments("there is no server '\(name)' you may see", remedy: .see(.servers))
            }
        }
        // Server names are unique: rows sorted within each server, servers in order, make the whole listing sorted.
        servers.sort { (tenants[$0.tenantID] ?? "", $0.name) < (tenants[$1.tenantID] ?? "", $1.name) }
        let catalog = try await session.patchStatus.statusCatalog()
        // Approvals grouped by update once per WSUS server, not once per computer: 100,000 approvals stay cheap.
        var approvalsByUpdate: [Int64: [String: [PatchStatusData.Approval]]] = [:]
        for start in stride(from: 0, to: servers.count, by: serversPerChunk) {
            let chunk = servers[start..<min(start + serversPerChunk, servers.count)]
            let data = try await session.patchStatus.serverStates(serverIDs: chunk.map(\.id))
            var rows: [PatchInfoRow] = []
            for server in chunk {
                rows += serverRows(server, tenant: tenants[server.tenantID] ?? "", filter: filter, data: data, catalog: catalog,
                                   approvalsByUpdate: &approvalsByUpdate)
            }
            try await emit(rows)
        }
    }

    /// One server's rows, sorted by KB (then update id, so the order never depends on how the CMDB returned them).
    private static func serverRows(_ server: Server, tenant: String, filter: PatchInfoFilter, data: PatchStatusData, catalog: PatchStatusData,
                                   approvalsByUpdate: inout [Int64: [String: [PatchStatusData.Approval]]]) -> [PatchInfoRow] {
        let patchFilter = filter.patch.map(Self.normalizedPatch)
        guard let computer = data.serverComputers[server.id], computer.lastReportedAt != nil, let states = data.states[computer.key], !states.isEmpty else {
            let row = PatchInfoRow(tenant: tenant, server: server.name, ipAddress: server.ipAddress, kb: "", updateID: "", revisionNumber: 0, title: "",
                                   classification: "", severity: "", policy: nil, approval: nil, state: .notReportedYet,
                                   lastReport: data.serverComputers[server.id]?.lastReportedAt, wsusServer: data.serverComputers[server.id]?.wsusServerName ?? "",
                                   timeZone: server.timeZone)
            let unfiltered = patchFilter == nil && filter.classification == nil && filter.severity == nil && filter.policy == nil
            return unfiltered && (filter.state == nil || filter.state == .notReportedYet) ? [row] : []
        }
        let groups = effectiveGroups(computer.groupIDs, parents: catalog.groupParents[computer.wsusServerID] ?? [:])
        if approvalsByUpdate[computer.wsusServerID] == nil {
            approvalsByUpdate[computer.wsusServerID] = Dictionary(grouping: catalog.approvals[computer.wsusServerID] ?? [], by: \.updateID)
        }
        let approvals = approvalsByUpdate[computer.wsusServerID] ?? [:]
        var rows: [PatchInfoRow] = []
        for state in states {
            guard let patch = catalog.patches[state.updateID] else { continue }
            if let patchFilter, !(patch.updateID == patchFilter || patch.kbNumbers.contains(patchFilter)) { continue }
            if let classification = filter.classification, patch.classification.caseInsensitiveCompare(classification) != .orderedSame { continue }
            let policy = catalog.policy(for: patch.classification)
            if let wanted = filter.policy, policy != wanted { continue }
            if let wanted = filter.state, state.state != wanted { continue }
            let approval = ApprovalState.of(actions: (approvals[patch.updateID] ?? []).filter { groups.contains($0.groupID) }.map(\.action), declined: patch.isDeclined)
            let row = PatchInfoRow(tenant: tenant, server: server.name, ipAddress: server.ipAddress, kb: patch.displayKB, updateID: patch.updateID,
                                   revisionNumber: patch.revisionNumber, title: patch.title, classification: patch.classification, severity: patch.msrcSeverity.isEmpty ? "Unspecified" : patch.msrcSeverity,
                                   policy: policy, approval: approval, state: state.state, lastReport: computer.lastReportedAt,
                                   wsusServer: computer.wsusServerName, releaseDate: patch.releaseDate, products: patch.products,
                                   timeZone: server.timeZone, source: state.source,
                                   // What discovery saw is as old as the computer's last report; a job's look has its own time.
                                   observedAt: state.source == InstallStateChange.discoverySource ? computer.lastReportedAt : state.observedAt)
            if let severity = filter.severity, row.severity.caseInsensitiveCompare(severity) != .orderedSame { continue }
            rows.append(row)
        }
        return rows.sorted { ($0.kb, $0.updateID) < ($1.kb, $1.updateID) }
    }

    /// Counts per server and per tenant of rows already read (the console reads its rows once and shows
    /// them several ways).
    public static func summarize(_ rows: [PatchInfoRow], approvedOnly: Bool = false) -> (servers: [ServerSummary], tenants: [TenantSummary]) {
        var servers: [String: ServerSummary] = [:]
        var order: [String] = []
        for row in rows {
            if servers[row.server] == nil {
                servers[row.server] = ServerSummary(tenant: row.tenant, server: row.server, reported: row.state != .notReportedYet,
                                                    lastReport: row.lastReport)
                order.append(row.server)
            }
            guard row.state != .notReportedYet, !approvedOnly || row.approval == .approved else { continue }
            servers[row.server]!.add(row)
        }
        var tenants: [String: TenantSummary] = [:]
        for summary in order.compactMap({ servers[$0] }) {
            var tenant = tenants[summary.tenant] ?? TenantSummary(tenant: summary.tenant)
            tenant.servers += 1
            if !summary.reported { tenant.notReported += 1 }
            tenant.installed += summary.installed
            tenant.needed += summary.needed
            tenant.failed += summary.failed
            tenant.pendingReboot += summary.pendingReboot
            tenants[summary.tenant] = tenant
        }
        for row in rows where row.policy == .required && row.approval == .approved && row.state != .notApplicable {
            tenants[row.tenant]?.requiredApproved += 1
            servers[row.server]?.requiredApproved += 1
            if row.state == .installed {
                tenants[row.tenant]?.requiredApprovedInstalled += 1
                servers[row.server]?.requiredApprovedInstalled += 1
            }
        }
        return (order.compactMap { servers[$0] }, tenants.values.sorted { $0.tenant < $1.tenant })
    }

    /// A computer's groups plus every ancestor and All Computers: approvals apply down the group tree.
    static func effectiveGroups(_ groupIDs: [String], parents: [String: String]) -> Set<String> {
        var result: Set<String> = ["a0a08746-4dbe-4a37-9adf-9e7652c0b421"]
        var pending = groupIDs
        while let id = pending.popLast() {
            guard result.insert(id).inserted else { continue }
            if let parent = parents[id] { pending.append(parent) }
        }
        return result
    }

    static func normalizedPatch(_ text: String) -> String {
        let trimmed = text.trimmingWhitespace()
        if trimmed.uppercased().hasPrefix("KB") { return String(trimmed.dropFirst(2)) }
        return trimmed.lowercased()
    }

    static func parameters(_ filter: PatchInfoFilter) -> [AuditParameter] {
        var parameters: [AuditParameter] = []
        if let v = filter.tenant { parameters.append(.init("tenant", v)) }
        if let v = filter.server { parameters.append(.init("server", v)) }
        if let v = filter.patch { parameters.append(.init("patch", v)) }
        if let v = filter.classification { parameters.append(.init("classification", v)) }
        if let v = filter.severity { parameters.append(.init("severity", v)) }
        if let v = filter.state { parameters.append(.init("state", v.rawValue)) }
        if let v = filter.policy { parameters.append(.init(v.rawValue, "true")) }
        return parameters
    }
}

extension ServerSummary {
    mutating func add(_ row: PatchInfoRow) {
        switch row.state {
        case .installed: installed += 1
        case .pendingReboot: pendingReboot += 1
        case .failed: failed += 1; needed += 1
        case .notInstalled, .downloaded: needed += 1
        case .notApplicable, .unknown, .notReportedYet: break
        }
        if row.state.isNeeded {
            if row.policy == .required { requiredNeeded += 1 } else { recommendedNeeded += 1 }
        }
    }
}

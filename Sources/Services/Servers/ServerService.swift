import Foundation
import PatchbayCore

/// Registering business servers: from a file (all or nothing), one at a time, and changing or removing them.
public struct ServerService: Sendable {
    let context: ServiceContext
    private var audit: AuditTrail { AuditTrail(context: context) }

    public init(context: ServiceContext) {
        self.context = context
    }

    /// Imports every server in a CSV file in one transaction. One bad line imports nothing.
    public func importFile(_ data: Data, source: String) async throws -> [Server] {
        let parameters = [AuditParameter("file", source)]
        let read = ServerFileReader.drafts(from: data)
        return try await audit.write("server add", parameters, tenant: Self.tenants(of: read.drafts)) { session in
            try context.require(.administer, .system, "register servers")
            return try await insert(read.drafts, source: source, knownProblems: read.problems, in: session)
        }
    }

    /// Registers one server given by options.
    public func add(_ draft: ServerDraft) async throws -> Server {
        let parameters = Self.parameters(of: draft)
        return try await audit.write("server add", parameters, tenant: draft.tenant) { session in
            try context.require(.administer, .system, "register servers")
            return try await insert([draft], source: nil, in: session)[0]
        }
    }

    public struct Changes: Sendable {
        public var ipAddress: String?
        public var name: String?
        public var tenant: String?
        public var owners: [String]?
        public var hostName: String?
        public var osName: String?
        public var wsusComputerName: String?
        public var timeZone: String?

        public init(ipAddress: String? = nil, name: String? = nil, tenant: String? = nil, owners: [String]? = nil,
                    hostName: String? = nil, osName: String? = nil, wsusComputerName: String? = nil, timeZone: String? = nil) {
            self.timeZone = timeZone
            self.ipAddress = ipAddress
            self.name = name
            self.tenant = tenant
            self.owners = owners
            self.hostName = hostName
            self.osName = osName
            self.wsusComputerName = wsusComputerName
        }
    }

    /// A changed server, and the open job chains that the change took out of their owner's reach.
    public struct Updated: Sendable, Hashable {
        public var server: Server
        public var stopped: [ChainStop]
    }

    /// Changes a server. Jobs follow it: in the same transaction, every open chain on it whose job's owner may no
    /// longer apply patches to it (another tenant, another owner) is stopped, and its owner told.
    public func update(name: String, _ changes: Changes) async throws -> Updated {
        var parameters = [AuditParameter("name", name)]
        if let v = changes.ipAddress { parameters.append(.init("ip", v)) }
        if let v = changes.name { parameters.append(.init("new-name", v)) }
        if let v = changes.tenant { parameters.append(.init("tenant", v)) }
        if let v = changes.owners { parameters.append(.init("owner", v.joined(separator: ";"))) }
        if let v = changes.hostName { parameters.append(.init("host-name", v)) }
        if let v = changes.osName { parameters.append(.init("os-name", v)) }
        if let v = changes.wsusComputerName { parameters.append(.init("wsus-computer-name", v)) }
        if let v = changes.timeZone { parameters.append(.init("time-zone", v)) }
        return try await audit.write("server update", parameters, tenant: await tenantNames(ofServers: [name])) { session in
            try context.require(.administer, .system, "change servers")
            var server = try await Lookup.server(name, in: session)
            let currentTenant = try await session.tenants.withID(server.tenantID)?.name ?? ""
            let draft = ServerDraft(
                ipAddress: changes.ipAddress ?? server.ipAddress, name: changes.name ?? server.name,
                tenant: changes.tenant ?? currentTenant, owners: changes.owners ?? server.owners,
                hostName: changes.hostName ?? server.hostName, osName: changes.osName ?? server.osName,
                wsusComputerName: changes.wsusComputerName ?? server.wsusComputerName, timeZone: changes.timeZone ?? server.timeZone)
            let validated = try await validate([draft], excluding: server.id, source: nil, in: session)[0]
            server.ipAddress = validated.ipAddress
            server.name = validated.name
            server.tenantID = validated.tenantID
            server.owners = validated.owners
            server.hostName = validated.hostName
            server.osName = validated.osName
            server.wsusComputerName = validated.wsusComputerName
            server.timeZone = validated.timeZone
            server.updatedAt = context.now()
            try await session.servers.update(server)
            let reach = JobReach(session: session, now: context.now(), templates: context.templates)
            let stopped = try await reach.enforce(jobIDs: try await session.jobs.openJobIDs(serverID: server.id), onServer: server.id)
            return Updated(server: server, stopped: stopped)
        }
    }

    /// Removes the named servers; if one name is unknown, none is removed.
    public func delete(names: [String]) async throws {
        let tenants = await tenantNames(ofServers: names)
        try await audit.write("server delete", [.init("name", names.joined(separator: ","))], tenant: tenants) { session in
            try context.require(.administer, .system, "delete servers")
            var servers: [Server] = []
            for name in names { servers.append(try await Lookup.server(name, in: session)) }
            for server in servers {
                let jobs = try await session.servers.jobCount(id: server.id)
                if jobs > 0 {
                    throw PatchbayError.badArguments("server '\(server.name)' appears in \(jobs) job(s) and is kept for their history",
                                                     fix: "leave it registered; remove it from WSUS instead if it was decommissioned")
                }
            }
            for server in servers { try await session.servers.delete(id: server.id) }
        }
    }

    /// The servers the acting principal may see, optionally of one tenant.
    public func list(tenant: String? = nil) async throws -> [ServerListing] {
        let parameters = tenant.map { [AuditParameter("tenant", $0)] } ?? []
        return try await audit.writeQuery("server list", parameters, filterTenant: tenant) { session in
            let tenants = Dictionary(uniqueKeysWithValues: try await session.tenants.all().map { ($0.id, $0.name) })
            var filterID: Int64?
            if let tenant { filterID = try await Lookup.tenant(tenant, in: session).id }
            return try await session.servers.all()
                .filter { filterID == nil || $0.tenantID == filterID }
                .filter { may(context.principal, .view, .server($0.scope)) }
                .map { ServerListing(server: $0, tenantName: tenants[$0.tenantID] ?? "") }
        }
    }

    private func insert(
        _ drafts: [ServerDraft], source: String?, knownProblems: [ServerProblem] = [], in session: any CMDBSession
    ) async throws -> [Server] {
        let validated = try await validate(drafts, excluding: nil, source: source, knownProblems: knownProblems, in: session)
        var servers: [Server] = []
        for new in validated { servers.append(try await session.servers.insert(new, at: context.now())) }
        return servers
    }

    /// Validates against the CMDB; `knownProblems` (from reading the file) are reported together with the rest.
    private func validate(
        _ drafts: [ServerDraft], excluding id: Int64?, source: String?, knownProblems: [ServerProblem] = [], in session: any CMDBSession
    ) async throws -> [NewServer] {
        let validator = ServerValidator(
            tenants: Dictionary(uniqueKeysWithValues: try await session.tenants.all().map { ($0.name, $0) }),
            users: Dictionary(uniqueKeysWithValues: try await session.users.all().map { ($0.id, $0) }),
            existing: try await session.servers.all().filter { $0.id != id })
        let result = validator.validate(drafts)
        let problems = (knownProblems + result.problems).sorted {
            (($0.line ?? 0), ($0.column?.rawValue ?? -1)) < (($1.line ?? 0), ($1.column?.rawValue ?? -1))
        }
        guard problems.isEmpty else { throw Self.report(problems, source: source) }
        return result.servers
    }

    /// The refusal of drafts with problems. Its message is for the audit log; each front lays the problems
    /// out itself, placing the one-by-one case by its own name for the value (an option, a field).
    static func report(_ problems: [ServerProblem], source: String?) -> PatchbayError {
        guard let source else {
            let first = problems[0]
            let more = problems.count > 1 ? " (and \(problems.count - 1) more)" : ""
            return PatchbayError(.badArguments, "\(first.column?.csvName ?? "server"): \(first.message)\(more)", remedy: first.remedy,
                                 problems: problems)
        }
        // The message, for the audit log, lists the problems where the file has them; the fronts add each fix.
        return PatchbayError(.badArguments, ServerProblem.fileReport(source: source, problems),
                             remedy: .advice("correct the file and run the same command again"), problems: problems, problemSource: source)
    }

    /// The tenants an audit record about these servers concerns, comma-separated (nil if none is known).
    private func tenantNames(ofServers names: [String]) async -> String? {
        try? await context.store.read { session -> String? in
            var tenants: [String] = []
            for name in names {
                guard let server = try await session.servers.named(name),
                      let tenant = try await session.tenants.withID(server.tenantID)?.name,
                      !tenants.contains(tenant) else { continue }
                tenants.append(tenant)
            }
            return tenants.isEmpty ? nil : tenants.joined(separator: ",")
        }
    }

    private static func tenants(of drafts: [ServerDraft]) -> String? {
        var names: [String] = []
        for draft in drafts where !names.contains(draft.tenant) { names.append(draft.tenant) }
        return names.isEmpty ? nil : names.joined(separator: ",")
    }

    private static func parameters(of draft: ServerDraft) -> [AuditParameter] {
        [.init("ip", draft.ipAddress), .init("name", draft.name), .init("tenant", draft.tenant),
         .init("owner", draft.owners.joined(separator: ";")), .init("host-name", draft.hostName),
         .init("os-name", draft.osName), .init("wsus-computer-name", draft.wsusComputerName), .init("time-zone", draft.timeZone)]
    }
}

/// A server as listed: the stored server plus its tenant's name.
public struct ServerListing: Sendable, Hashable {
    public var server: Server
    public var tenantName: String
}

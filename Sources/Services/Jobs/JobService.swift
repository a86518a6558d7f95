import Foundation
import PatchbayCore

/// Creating jobs and acting on them, with the role rules of docs/architecture.md §1 and every request audited.
public struct JobService: Sendable {
    let context: ServiceContext
    let scripts: ScriptLibrary
    private var audit: AuditTrail { AuditTrail(context: context) }

    public static let maximumPatches = 100

    public init(context: ServiceContext, scripts: ScriptLibrary = ScriptLibrary(folder: nil)) {
        self.context = context
        self.scripts = scripts
    }

    public typealias Channel = ActionChannel

    public struct ApplyRequest: Sendable {
        /// Server names or IP addresses.
        public var servers: [String]
        /// KB numbers ("KB5033118") or UpdateIDs.
        public var patches: [String]
        public var at: Date?
        public var options: Job.Options
        public var channel: Channel
        /// Scripts chosen by name from the service's script library (the console's way); they replace the
        /// options' script texts. Empty: none.
        public var preScriptName: String
        public var postScriptName: String

        public init(servers: [String], patches: [String], at: Date? = nil, options: Job.Options = .init(), channel: Channel,
                    preScriptName: String = "", postScriptName: String = "") {
            self.servers = servers
            self.patches = patches
            self.at = at
            self.options = options
            self.channel = channel
            self.preScriptName = preScriptName
            self.postScriptName = postScriptName
        }
    }

    /// Creates a job for the acting user, who becomes its owner. Only approved, applicable, not yet
    /// installed patches are accepted; anything else refuses the whole request with every reason.
    public func apply(_ request: ApplyRequest) async throws -> Job {
        let parameters = [AuditParameter("servers", request.servers.joined(separator: ",")), .init("patches", request.patches.joined(separator: ",")),
                          .init("at", request.at.map { ISO8601DateFormatter().string(from: $0) } ?? "now"),
                          .init("reboot", request.options.reboot ? "true" : "false"), .init("via", request.channel.rawValue)]
        return try await audit.writeNamingTenant("patch apply", parameters) { session in
            guard case .user(let owner) = context.principal else {
                throw PatchbayError.badArguments("a job needs an owner", remedy: .nameJobOwner)
            }
            try Self.checkShape(request, now: context.now())
            let servers = try await Self.resolveServers(request.servers, in: session)
            let action: Action = request.channel == .console ? .applyInConsole : .applyByCommand
            for server in servers {
                try context.require(action, .server(server.scope), "apply patches to \(server.name)\(request.channel == .command ? " by command" : "")")
            }
            let rows = try await PatchQueryService.compute(PatchInfoFilter(), principal: context.principal, session: session,
                                                           onlyServers: Set(servers.map(\.id)))
            let catalog = try await session.patchStatus.statusCatalog().patches
            let patches = try Self.resolvePatches(request.patches, catalog: Array(catalog.values))
            var problems: [String] = []
            for server in servers {
                let serverRows = rows.filter { $0.server == server.name }
                if serverRows.contains(where: { $0.state == .notReportedYet }) {
                    problems.append("\(server.name) has not reported to WSUS yet; nothing can be verified there")
                    continue
                }
                for patch in patches {
                    guard let row = serverRows.first(where: { $0.updateID == patch.key.updateID }), row.state != .notApplicable else {
                        problems.append("\(patch.kb) does not apply to \(server.name)")
                        continue
                    }
                    if row.approval != .approved { problems.append("\(patch.kb) is not approved for \(server.name) in WSUS (\(row.approval?.rawValue ?? ""))") }
                    if row.state.isInstalled { problems.append("\(patch.kb) is already installed on \(server.name) (\(row.state.rawValue))") }
                }
            }
            guard problems.isEmpty else {
                throw PatchbayError.badArguments("nothing was scheduled:\n  " + problems.joined(separator: "\n  "),
                                                 remedy: .leaveOutNotNeeded)
            }
            var options = request.options
            if !request.preScriptName.isEmpty { options.preScript = try scripts.text(named: request.preScriptName) }
            if !request.postScriptName.isEmpty { options.postScript = try scripts.text(named: request.postScriptName) }
            let now = context.now()
            let chains = servers.map { JobChain(serverID: $0.id, serverName: $0.name, kinds: options.processKinds) }
            let tenantID = owner.role.requiresTenant ? owner.tenantID : nil
            let job = try await session.jobs.insert(Job(ownerID: owner.id, tenantID: tenantID, patches: patches, scheduledAt: request.at,
                                                        options: options, chains: chains, createdAt: now, updatedAt: now))
            try await JobEventRecorder(session: session, now: now, templates: context.templates)
                .record(.accepted, job: job, detail: .starts(at: request.at))
            return (job, try await Self.tenantName(of: job, in: session))
        }
    }

    /// retry / cancel / continue on one server's chain, or on every chain where the action fits.
    public func act(_ action: JobChain.Action, jobID: Int64, server: String? = nil) async throws -> Job {
        var parameters = [AuditParameter("job", String(jobID))]
        if let server { parameters.append(.init("server", server)) }
        return try await audit.writeNamingTenant("job \(action.rawValue)", parameters) { session in
            var job = try await wholeVisibleJob(jobID, in: session)
            try context.require(.manageJob, .job(job.scope), "\(action.rawValue) job \(jobID)")
            let targets = job.chains.indices.filter { server == nil || job.chains[$0].serverName.caseInsensitiveCompare(server!) == .orderedSame }
            guard !targets.isEmpty else {
                throw PatchbayError.badArguments("job \(jobID) has no server '\(server ?? "")'", remedy: .showJob(jobID, .servers))
            }
            let now = context.now()
            var changed = 0
            var refusals: [String] = []
            let recorder = JobEventRecorder(session: session, now: now, templates: context.templates)
            let losses = try await JobReach(session: session, now: now, templates: context.templates)
                .losses(of: targets.map { job.chains[$0] }, in: job)
            for index in targets {
                // The job acts with its owner's rights: a server that left them is out of every action's reach.
                if let loss = losses[job.chains[index].serverID] {
                    refusals.append("\(job.chains[index].serverName): \(loss.reason)")
                    continue
                }
                do {
                    let previous = job.chains[index].state
                    try job.chains[index].apply(action, at: now)
                    try await recorder.save(job.chains[index], previous: previous, of: job, serverCount: job.chains.count, runner: nil)
                    changed += 1
                } catch let refusal as JobChain.ActionRefused {
                    refusals.append(refusal.description)
                }
            }
            guard changed > 0 else {
                throw PatchbayError.badArguments("\(action.rawValue) does not fit job \(jobID): " + refusals.joined(separator: "; "),
                                                 remedy: .showJob(jobID, .state))
            }
            return (try await Self.job(jobID, in: session), try await Self.tenantName(of: job, in: session))
        }
    }

    /// A new job, owned by the acting user, for the servers whose chains failed or were cancelled.
    public func rerunFailed(jobID: Int64, channel: Channel) async throws -> Job {
        let failed: [JobChain]
        let job: Job
        do {
            (job, failed) = try await context.store.read { session in
                let job = try await wholeVisibleJob(jobID, in: session)
                try context.require(.manageJob, .job(job.scope), "re-run job \(jobID)")
                let ended = job.chains.filter { $0.state == .cancelled || $0.state == .completedWithErrors || $0.state == .waitingForAction }
                let losses = try await JobReach(session: session, now: context.now(), templates: context.templates).losses(of: ended, in: job)
                let gone = ended.compactMap { chain in losses[chain.serverID].map { "\(chain.serverName) (\($0.reason))" } }
                let failed = ended.filter { losses[$0.serverID] == nil }
                guard !failed.isEmpty else {
                    let moved = gone.isEmpty ? "" : "; out of its owner's reach now: " + gone.joined(separator: ", ")
                    throw PatchbayError.badArguments("job \(jobID) has no failed or cancelled servers to re-run\(moved)", fix: "nothing to re-run")
                }
                return (job, failed)
            }
        } catch {
            // A refusal before anything is made is audited like any other.
            await audit.fail("job rerun-failed", [AuditParameter("job", String(jobID)), AuditParameter("via", channel.rawValue)], error: error)
            throw error
        }
        let request = ApplyRequest(servers: failed.map(\.serverName), patches: job.patches.map { $0.key.updateID }, options: job.options, channel: channel)
        return try await apply(request)
    }

    public struct ListFilter: Sendable {
        public var state: JobState?
        /// Tenant name; "infrastructure" for jobs of the infrastructure admins.
        public var tenant: String?
        /// Owner's user id.
        public var owner: String?
        public var limit: Int

        public init(state: JobState? = nil, tenant: String? = nil, owner: String? = nil, limit: Int = 200) {
            self.state = state
            self.tenant = tenant
            self.owner = owner
            self.limit = limit
        }
    }

    public static let infrastructureTenant = "infrastructure"

    /// The jobs the acting principal may see, newest first.
    public func list(_ filter: ListFilter = .init()) async throws -> [Job] {
        var parameters: [AuditParameter] = []
        if let state = filter.state { parameters.append(.init("state", state.rawValue)) }
        if let tenant = filter.tenant { parameters.append(.init("tenant", tenant)) }
        if let owner = filter.owner { parameters.append(.init("user", owner)) }
        return try await audit.writeQuery("job list", parameters, filterTenant: filter.tenant) { session in
            var tenantID: Int64??
            if let name = filter.tenant {
                if name.caseInsensitiveCompare(Self.infrastructureTenant) == .orderedSame {
                    tenantID = .some(nil)
                } else {
                    guard let tenant = try await session.tenants.named(name) else {
                        throw PatchbayError.badArguments("there is no tenant '\(name)'",
                                                         remedy: .seeTenantsOrUse(Self.infrastructureTenant))
                    }
                    tenantID = .some(tenant.id)
                }
            }
            let jobs = try await session.jobs.list(state: filter.state, limit: filter.limit).filter { job in
                (tenantID == nil || job.tenantID == tenantID!) && (filter.owner == nil || job.ownerID == filter.owner)
            }
            return try await viewable(jobs, in: session)
        }
    }

    /// Tenant names by id, to label jobs (nil id: infrastructure).
    public func tenantName(_ id: Int64?) async throws -> String {
        try await tenantNames(of: [id])[id] ?? Self.infrastructureTenant
    }

    /// The tenant name of each of `jobs` (by tenant id; nil: infrastructure), read once for them all.
    public func tenantNames(of jobs: [Job]) async throws -> [Int64?: String] {
        try await tenantNames(of: Set(jobs.map(\.tenantID)))
    }

    private func tenantNames(of ids: Set<Int64?>) async throws -> [Int64?: String] {
        let tenants = try await context.store.read { try await $0.tenants.all() }
        let names = Dictionary(uniqueKeysWithValues: tenants.map { ($0.id, $0.name) })
        return Dictionary(uniqueKeysWithValues: ids.map { id in (id, id.map { names[$0] ?? "tenant \($0)" } ?? Self.infrastructureTenant) })
    }

    /// Whether any job runner is alive now, by the database's clock.
    public func runnerAlive() async throws -> Bool {
        try await runnerHosts().contains { $0.alive }
    }

    /// The hosts whose daemons run jobs and whether each is alive, by the database's clock (which every host
    /// of a shared CMDB agrees on): what the job list and the console's monitor show.
    public func runnerHosts() async throws -> [RunnerHost] {
        try await context.store.read { session in
            RunnerHost.summarize(try await session.jobs.runners(), now: try await session.jobs.databaseNow())
        }
    }

    /// The jobs the acting principal may see, for a watching monitor's refreshes: not audited again each
    /// second (opening the monitor went through `list`, which is).
    public func visible(limit: Int = 100) async throws -> [Job] {
        try await context.store.read { session in
            try await viewable(try await session.jobs.list(state: nil, limit: limit), in: session)
        }
    }


    public func show(jobID: Int64) async throws -> Job {
        try await audit.writeNamingTenant("job show", [.init("job", String(jobID))]) { session in
            let job = try await visibleJob(jobID, in: session)
            return (job, try await Self.tenantName(of: job, in: session))
        }
    }

    /// The job as it is now, for following it (waiting on the CLI, the monitor): permission-checked, but not audited
    /// again on every refresh — the request that started following was.
    public func current(jobID: Int64) async throws -> Job {
        try await context.store.read { try await visibleJob(jobID, in: $0) }
    }

    /// The job as the acting principal may see it: its own side sees all of it, a tenant whose servers it touches
    /// now sees those servers' chains. A job the principal may not see gets the answer of one that does not
    /// exist, so that ids do not tell what other tenants do.
    private func visibleJob(_ id: Int64, in session: any CMDBSession) async throws -> Job {
        guard let job = try await session.jobs.job(id: id),
              let visible = try await viewable([job], in: session).first else {
            throw Self.noJob(id)
        }
        return visible
    }

    /// The whole job, once the principal may see any of it (acting on it is then a question of rights, asked
    /// next); read once.
    private func wholeVisibleJob(_ id: Int64, in session: any CMDBSession) async throws -> Job {
        guard let job = try await session.jobs.job(id: id), try await viewable([job], in: session).first != nil else { throw Self.noJob(id) }
        return job
    }

    static func noJob(_ id: Int64) -> PatchbayError {
        PatchbayError.badArguments("there is no job \(id)", remedy: .see(.jobs))
    }

    /// The tenant a job's audit record names: its owner's; for an infrastructure job, its servers' tenants.
    static func tenantName(of job: Job, in session: any CMDBSession) async throws -> String? {
        if let id = job.tenantID { return try await session.tenants.withID(id)?.name }
        var names: Set<String> = []
        for chain in job.chains {
            if let server = try await session.servers.withID(chain.serverID), let tenant = try await session.tenants.withID(server.tenantID) {
                names.insert(tenant.name)
            }
        }
        return names.isEmpty ? nil : names.sorted().joined(separator: ",")
    }

    /// The jobs as the acting principal may see them. The servers' current scopes are read only when a job is
    /// not the principal's own to see (admins and the shell never need them; the monitor refreshes every second).
    private func viewable(_ jobs: [Job], in session: any CMDBSession) async throws -> [Job] {
        guard jobs.contains(where: { !may(context.principal, .view, .job($0.scope)) }) else { return jobs }
        let servers = Dictionary(uniqueKeysWithValues: try await session.servers.all().map { ($0.id, $0.scope) })
        return jobs.compactMap { JobVisibility.view($0, by: context.principal, servers: servers) }
    }

    static func job(_ id: Int64, in session: any CMDBSession) async throws -> Job {
        guard let job = try await session.jobs.job(id: id) else {
            throw noJob(id)
        }
        return job
    }

    static func checkShape(_ request: ApplyRequest, now: Date) throws {
        if request.servers.isEmpty { throw PatchbayError.badArguments("no server given", fix: "name at least one server") }
        if request.patches.isEmpty { throw PatchbayError.badArguments("no patch given", fix: "name at least one patch by KB or UpdateID") }
        if Set(request.patches.map { $0.uppercased() }).count > maximumPatches {
            throw PatchbayError.badArguments("\(request.patches.count) patches in one job; at most \(maximumPatches) are allowed",
                                             fix: "split the patches over several jobs")
        }
        if let at = request.at, at <= now {
            throw PatchbayError.badArguments("the start time \(ISO8601DateFormatter().string(from: at)) is not in the future",
                                             remedy: .laterStartOrNow)
        }
    }

    static func resolveServers(_ names: [String], in session: any CMDBSession) async throws -> [Server] {
        let all = try await session.servers.all()
        var servers: [Server] = []
        for name in names {
            let canonical = IPAddress.canonical(name)
            guard let server = all.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame || $0.ipAddress == canonical }) else {
                throw PatchbayError.badArguments("there is no server '\(name)'", remedy: .see(.servers))
            }
            if !servers.contains(server) { servers.append(server) }
        }
        return servers
    }

    /// Each KB or UpdateID must name a current (not retired) patch of the CMDB.
    static func resolvePatches(_ keys: [String], catalog: [PatchRecord]) throws -> [Job.Patch] {
        var patches: [Job.Patch] = []
        for key in keys {
            let normalized = PatchQueryService.normalizedPatch(key)
            guard let patch = catalog.first(where: { $0.updateID == normalized || $0.kbNumbers.contains(normalized) }) else {
                throw PatchbayError.badArguments("no patch '\(key)' is in the CMDB",
                                                 remedy: .knownPatchOrRefresh)
            }
            if !patches.contains(where: { $0.key.updateID == patch.updateID }) {
                patches.append(Job.Patch(key: patch.key, kb: patch.displayKB))
            }
        }
        return patches
    }
}

/// What someone wants to do.
public enum Action: String, Sendable, Hashable, CaseIterable {
    /// See a resource (list it, show its details, its patches, its jobs).
    case view
    /// Start an apply job through the console wizard.
    case applyInConsole
    /// Start an apply job with `patchbay patch apply`.
    case applyByCommand
    /// Retry, cancel, continue or re-run a job.
    case manageJob
    /// Add, change or delete tenants, users and servers; read the audit log.
    case administer
}

/// What the action is aimed at, reduced to the facts the role table looks at.
public enum Resource: Sendable, Hashable {
    case tenant(Int64)
    case server(ServerScope)
    case job(JobScope)
    /// Patchbay itself: its tenants, users, servers and audit log as a whole.
    case system
}

public struct ServerScope: Sendable, Hashable {
    public var tenantID: Int64
    public var owners: Set<String>

    public init(tenantID: Int64, owners: Set<String>) {
        self.tenantID = tenantID
        self.owners = owners
    }
}

public struct JobScope: Sendable, Hashable {
    /// nil for an infrastructure job (started by an infrastructure admin, not on behalf of a tenant).
    public var tenantID: Int64?
    public var ownerID: String

    public init(tenantID: Int64?, ownerID: String) {
        self.tenantID = tenantID
        self.ownerID = ownerID
    }
}

/// The role table of docs/architecture.md §1 as one pure function. Every check in the service layer goes
/// through here, so the console and the CLI cannot disagree about who may do what.
public func may(_ principal: Principal, _ action: Action, _ resource: Resource) -> Bool {
    switch principal {
    case .managementServer:
        // A shell on the management server is already the root of trust; the console is for people.
        return action != .applyInConsole
    case .user(let user):
        guard !user.locked else { return false }
        switch user.role {
        case .infraAdmin: return infraAdminMay(action, resource)
        case .dualAdmin: return true
        case .tenantAdmin: return tenantAdminMay(user, action, resource)
        case .tenantUser: return tenantUserMay(user, action, resource)
        }
    }
}

private func infraAdminMay(_ action: Action, _ resource: Resource) -> Bool {
    switch (action, resource) {
    case (.view, _), (.administer, _): return true
    case (.applyByCommand, .server): return true
    case (.manageJob, .job(let job)): return job.tenantID == nil
    default: return false
    }
}

private func tenantAdminMay(_ user: UserIdentity, _ action: Action, _ resource: Resource) -> Bool {
    guard let home = user.tenantID else { return false }
    switch (action, resource) {
    case (.view, .tenant(let tenant)): return tenant == home
    case (.view, .server(let server)), (.applyInConsole, .server(let server)): return server.tenantID == home
    case (.view, .job(let job)), (.manageJob, .job(let job)): return job.tenantID == home
    default: return false
    }
}

private func tenantUserMay(_ user: UserIdentity, _ action: Action, _ resource: Resource) -> Bool {
    guard let home = user.tenantID else { return false }
    switch (action, resource) {
    case (.view, .tenant(let tenant)): return tenant == home
    case (.view, .server(let server)), (.applyInConsole, .server(let server)):
        return server.tenantID == home && server.owners.contains(user.id)
    case (.view, .job(let job)), (.manageJob, .job(let job)):
        return job.tenantID == home && job.ownerID == user.id
    default: return false
    }
}

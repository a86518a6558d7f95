/// Why a job's owner may no longer act on one of the job's servers. A job acts with its owner's rights, so
/// those rights are checked against the server as it is now, not as it was when the job was made.
public enum ScopeLoss: Sendable, Hashable {
    case serverMoved(toTenant: String)
    case ownerNotServerOwner(owner: String)
    case ownerLocked(owner: String)
    case ownerDeleted(owner: String)
    case ownerMayNotApply(owner: String, role: Role)

    /// Why the chain on this server stops: what `job show`, the monitor and the owner's mail say.
    public var reason: String {
        switch self {
        case .serverMoved(let tenant): return "server moved to tenant \(tenant)"
        case .ownerNotServerOwner(let owner): return "\(owner) no longer owns the server"
        case .ownerLocked(let owner): return "the job's owner \(owner) is locked"
        case .ownerDeleted(let owner): return "the job's owner \(owner) was deleted"
        case .ownerMayNotApply(let owner, let role): return "the job's owner \(owner) (\(role.title)) may no longer apply patches to the server"
        }
    }

    /// What has become of the job's owner and server since the job was made, if that takes the server out of
    /// the owner's reach. `owner` is the owner as stored now (nil: deleted); `tenantName` names the server's
    /// tenant for the reason.
    public static func of(job: JobScope, owner: User?, server: ServerScope, tenantName: String) -> ScopeLoss? {
        guard let owner else { return .ownerDeleted(owner: job.ownerID) }
        if owner.locked { return .ownerLocked(owner: owner.id) }
        if let tenant = job.tenantID, tenant != server.tenantID { return .serverMoved(toTenant: tenantName) }
        let principal = Principal.user(owner.identity)
        // The console and the command are two ways to the same right; either keeps the server in reach.
        if may(principal, .applyInConsole, .server(server)) || may(principal, .applyByCommand, .server(server)) { return nil }
        if owner.role == .tenantUser && server.tenantID == owner.tenantID { return .ownerNotServerOwner(owner: owner.id) }
        return .ownerMayNotApply(owner: owner.id, role: owner.role)
    }
}

/// Which jobs, and which of their servers, someone may see. The job's own side (its owner, the owner's tenant
/// admins, the infrastructure and dual-role admins) sees the whole record, moved servers included up to the
/// move; anyone else sees a job only through the servers in their scope now, and only those servers' chains.
public enum JobVisibility {
    /// The job as `principal` may see it, or nil. `servers`: each server's scope as it is now, by id.
    public static func view(_ job: Job, by principal: Principal, servers: [Int64: ServerScope]) -> Job? {
        if may(principal, .view, .job(job.scope)) { return job }
        var visible = job
        visible.chains = job.chains.filter { chain in
            servers[chain.serverID].map { may(principal, .view, .server($0)) } ?? false
        }
        return visible.chains.isEmpty ? nil : visible
    }
}

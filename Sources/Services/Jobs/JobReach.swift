import Foundation
import PatchbayCore

/// A chain stopped (or to be stopped) because its server left the job owner's reach: what `server update`
/// reports.
public struct ChainStop: Sendable, Hashable {
    public var jobID: Int64
    public var server: String
    public var reason: String
    /// false while the chain is installing: nothing is interrupted, and the runner stops it after that process.
    public var stoppedNow: Bool

    public init(jobID: Int64, server: String, reason: String, stoppedNow: Bool) {
        self.jobID = jobID
        self.server = server
        self.reason = reason
        self.stoppedNow = stoppedNow
    }
}

/// Keeps every job inside its owner's reach as it is now: a job acts with its owner's rights, and servers
/// move between tenants and owners after jobs are made. Works inside the caller's transaction, so a check and
/// what it guards (a process start, an operator action, the move itself) cannot be separated.
struct JobReach {
    let session: any CMDBSession
    let now: Date
    let templates: MailTemplates

    /// Why the job may no longer touch the chain's server, or nil while it may.
    func loss(of chain: JobChain, in job: Job) async throws -> ScopeLoss? {
        try await losses(of: [chain], in: job)[chain.serverID]
    }

    /// The same for several chains of one job, by server id: the owner is read once, each tenant once.
    func losses(of chains: [JobChain], in job: Job) async throws -> [Int64: ScopeLoss] {
        let owner = try await session.users.withID(job.ownerID)
        var tenantNames: [Int64: String] = [:]
        var losses: [Int64: ScopeLoss] = [:]
        for chain in chains {
            guard let server = try await session.servers.withID(chain.serverID) else { continue }
            if tenantNames[server.tenantID] == nil {
                tenantNames[server.tenantID] = try await session.tenants.withID(server.tenantID)?.name ?? "#\(server.tenantID)"
            }
            losses[chain.serverID] = ScopeLoss.of(job: job.scope, owner: owner, server: server.scope, tenantName: tenantNames[server.tenantID] ?? "")
        }
        return losses
    }

    /// Cancels the chain for `loss`, saves it and mails the owner, all in the caller's transaction. Returns nil
    /// while the chain is installing. A runner's older copy of a chain cancelled meanwhile is refused by the
    /// save (a conflict), so the stop and its mail roll back instead of happening twice.
    func stop(_ chain: JobChain, of job: Job, because loss: ScopeLoss, serverCount: Int, runner: String?) async throws -> JobChain? {
        guard !chain.isBusy, !chain.state.isFinished else { return nil }
        var stopped = chain
        let previous = stopped.state
        try stopped.stop(because: loss.reason, at: now)
        let recorder = JobEventRecorder(session: session, now: now, templates: templates)
        try await recorder.record(.serverStopped, job: job, serverCount: serverCount, serverName: chain.serverName,
                                  detail: .stopped(server: chain.serverName, because: loss))
        try await recorder.save(stopped, previous: previous, of: job, serverCount: serverCount, runner: runner)
        return stopped
    }

    /// Stops every open chain of these jobs whose server has left its job's reach (all chains, or only those on
    /// `serverID`).
    func enforce(jobIDs: [Int64], onServer serverID: Int64? = nil) async throws -> [ChainStop] {
        var stops: [ChainStop] = []
        for id in jobIDs {
            guard let job = try await session.jobs.job(id: id) else { continue }
            let open = job.chains.filter { !$0.state.isFinished && (serverID == nil || $0.serverID == serverID) }
            let losses = try await losses(of: open, in: job)
            for chain in open {
                guard let loss = losses[chain.serverID] else { continue }
                let stopped = try await stop(chain, of: job, because: loss, serverCount: job.chains.count, runner: nil)
                stops.append(ChainStop(jobID: job.id, server: chain.serverName, reason: loss.reason, stoppedNow: stopped != nil))
            }
        }
        return stops
    }
}

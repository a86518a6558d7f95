import Foundation
import PatchbayCore

/// Writes job events for the owner — the event row and its queued mail — inside the caller's transaction,
/// so an event is announced exactly once even when the process dies right after.
struct JobEventRecorder {
    let session: any CMDBSession
    let now: Date
    let templates: MailTemplates

    func record(_ kind: JobEventKind, job: Job, serverCount: Int? = nil, serverName: String? = nil,
                detail: JobMailContent.Detail = .none) async throws {
        var mailID: Int64?
        if let owner = try await session.users.withID(job.ownerID), !owner.email.isEmpty {
            let content = JobMailContent(kind: kind, jobID: job.id, owner: job.ownerID, patches: job.patches.map(\.kb),
                                         serverCount: serverCount ?? job.chains.count, server: serverName, detail: detail)
            let mail = templates.render(content, language: owner.language)
            mailID = try await session.mail.enqueue(OutgoingMail(recipient: owner.email, language: owner.language, subject: mail.subject,
                                                                 body: mail.body, cause: "job \(job.id) \(kind.rawValue)", createdAt: now))
        }
        try await session.jobs.recordEvent(JobEvent(jobID: job.id, kind: kind, serverName: serverName, at: now), mailID: mailID)
    }

    /// Saves a chain and announces what its save changed: the chain stopping for action, the job ending.
    @discardableResult
    func save(_ chain: JobChain, previous: JobChain.State, of job: Job, serverCount: Int, runner: String?) async throws -> JobState {
        let before = try await session.jobs.storedState(jobID: job.id) ?? .running
        let after = try await session.jobs.saveChain(chain, jobID: job.id, runner: runner, at: now)
        if chain.state == .waitingForAction && previous != .waitingForAction {
            let failed = chain.processes.last { $0.state == .failed }
            try await record(.serverError, job: job, serverCount: serverCount, serverName: chain.serverName,
                             detail: failed.map { .failed(server: chain.serverName, process: $0.kind, message: $0.message) } ?? .none)
        }
        if let kind = JobEventKind.forTransition(from: before, to: after) {
            try await record(kind, job: job, serverCount: serverCount)
        }
        return after
    }
}

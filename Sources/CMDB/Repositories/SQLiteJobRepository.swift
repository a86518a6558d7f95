import Foundation
import PatchbayCore
import SQLKit

struct SQLiteJobRepository: JobRepository {
    let database: any SQLDatabase

    func insert(_ job: Job) async throws -> Job {
        var stored = job
        let row = try await database.raw("""
            INSERT INTO jobs (owner_id, tenant_id, state, scheduled_at, reboot, monitor_seconds, pre_script, post_script, created_at, updated_at)
            VALUES (\(bind: job.ownerID), \(bind: job.tenantID), \(bind: job.state.rawValue), \(bind: job.scheduledAt.map(Timestamp.text)),
                    \(bind: job.options.reboot ? 1 : 0), \(bind: job.options.monitorSeconds), \(bind: job.options.preScript),
                    \(bind: job.options.postScript), \(bind: Timestamp.text(job.createdAt)), \(bind: Timestamp.text(job.updatedAt)))
            RETURNING id
            """).first()
        guard let id = try row?.int64("id") else { throw PatchbayError(.unexpected, "the CMDB returned no id for the new job") }
        stored.id = id
        try await BatchWriter(database: database).insert("INSERT INTO job_patches (job_id, update_id, revision_number, kb) VALUES",
                                                         rows: job.patches.map { [id, $0.key.updateID, $0.key.revisionNumber, $0.kb] })
        for index in stored.chains.indices {
            let chain = stored.chains[index]
            let chainRow = try await database.raw("""
                INSERT INTO job_chains (job_id, server_id, server_name, state) VALUES (\(bind: id), \(bind: chain.serverID),
                    \(bind: chain.serverName), \(bind: chain.state.rawValue)) RETURNING id
                """).first()
            guard let chainID = try chainRow?.int64("id") else { throw PatchbayError(.unexpected, "the CMDB returned no id for a job chain") }
            stored.chains[index].id = chainID
            try await writeProcesses(chain.processes, chainID: chainID)
        }
        return stored
    }

    func job(id: Int64) async throws -> Job? {
        guard let row = try await database.raw("SELECT * FROM jobs WHERE id = \(bind: id)").first() else { return nil }
        return try await job(row)
    }

    func list(state: JobState?, limit: Int) async throws -> [Job] {
        var query: SQLQueryString = "SELECT * FROM jobs"
        if let state { query += " WHERE state = \(bind: state.rawValue)" }
        query += " ORDER BY id DESC LIMIT \(literal: limit)"
        var jobs: [Job] = []
        for row in try await database.raw(query).all() { jobs.append(try await job(row)) }
        return jobs
    }

    func claimChain(runner: String, now: Date, leaseUntil: Date) async throws -> ClaimedChain? {
        let stamp = Timestamp.text(now)
        let claimable: [String] = [JobChain.State.pending.rawValue, JobChain.State.running.rawValue]
        // One UPDATE picks and leases the chain, so two runners (even in two processes) cannot both win it.
        guard let row = try await database.raw("""
            UPDATE job_chains SET lease_owner = \(bind: runner), lease_expires_at = \(bind: Timestamp.text(leaseUntil))
            WHERE id = (
                SELECT c.id FROM job_chains c JOIN jobs j ON j.id = c.job_id
                WHERE c.state IN (\(binds: claimable)) AND (c.lease_expires_at IS NULL OR c.lease_expires_at < \(bind: stamp))
                    AND (j.scheduled_at IS NULL OR j.scheduled_at <= \(bind: stamp))
                ORDER BY j.id, c.id LIMIT 1)
            RETURNING id, job_id
            """).first() else { return nil }
        let chainID = try row.int64("id")
        guard let job = try await job(id: try row.int64("job_id")), let chain = job.chains.first(where: { $0.id == chainID }) else { return nil }
        return ClaimedChain(job: job, chain: chain, leaseExpiresAt: leaseUntil)
    }

    func renewLease(chainID: Int64, runner: String, until: Date) async throws -> Bool {
        let row = try await database.raw("""
            UPDATE job_chains SET lease_expires_at = \(bind: Timestamp.text(until))
            WHERE id = \(bind: chainID) AND lease_owner = \(bind: runner) RETURNING id
            """).first()
        return row != nil
    }

    func saveChain(_ chain: JobChain, jobID: Int64, runner: String?, at: Date) async throws {
        if let runner {
            let owner = try await database.raw("SELECT lease_owner FROM job_chains WHERE id = \(bind: chain.id)").first()?.optionalString("lease_owner")
            guard owner == runner else {
                throw PatchbayError(.conflict, "runner \(runner) lost its lease on the chain of \(chain.serverName)",
                                    fix: "nothing to do: the runner that holds the lease now continues the chain")
            }
        }
        try await database.raw("""
            UPDATE job_chains SET state = \(bind: chain.state.rawValue), cancelled_at = \(bind: chain.cancelledAt.map(Timestamp.text))
            WHERE id = \(bind: chain.id)
            """).run()
        try await database.raw("DELETE FROM job_processes WHERE chain_id = \(bind: chain.id)").run()
        try await writeProcesses(chain.processes, chainID: chain.id)
        if let job = try await job(id: jobID) {
            try await database.raw("""
                UPDATE jobs SET state = \(bind: job.state.rawValue), updated_at = \(bind: Timestamp.text(at)) WHERE id = \(bind: jobID)
                """).run()
        }
    }

    func releaseChain(chainID: Int64, runner: String) async throws {
        try await database.raw("""
            UPDATE job_chains SET lease_owner = NULL, lease_expires_at = NULL WHERE id = \(bind: chainID) AND lease_owner = \(bind: runner)
            """).run()
    }

    private func writeProcesses(_ processes: [JobProcess], chainID: Int64) async throws {
        try await BatchWriter(database: database).insert("""
            INSERT INTO job_processes (chain_id, position, kind, state, started_at, finished_at, output, message, continued_after_failure) VALUES
            """, rows: processes.enumerated().map { position, process in
                [chainID, position, process.kind.rawValue, process.state.rawValue, process.startedAt.map(Timestamp.text),
                 process.finishedAt.map(Timestamp.text), process.output, process.message, process.continuedAfterFailure ? 1 : 0]
            })
    }

    private func job(_ row: any SQLRow) async throws -> Job {
        let id = try row.int64("id")
        let patches = try await database.raw("SELECT * FROM job_patches WHERE job_id = \(bind: id) ORDER BY kb, update_id").all().map { patch in
            Job.Patch(key: PatchKey(updateID: try patch.string("update_id"), revisionNumber: Int(try patch.int64("revision_number"))),
                      kb: try patch.string("kb"))
        }
        var processes: [Int64: [JobProcess]] = [:]
        for process in try await database.raw("""
            SELECT p.* FROM job_processes p JOIN job_chains c ON c.id = p.chain_id WHERE c.job_id = \(bind: id) ORDER BY p.chain_id, p.position
            """).all() {
            guard let kind = ProcessKind(rawValue: try process.string("kind")), let state = ProcessState(rawValue: try process.string("state")) else { continue }
            processes[try process.int64("chain_id"), default: []].append(JobProcess(
                kind: kind, state: state, startedAt: try process.optionalDate("started_at"), finishedAt: try process.optionalDate("finished_at"),
                output: try process.string("output"), message: try process.string("message"),
                continuedAfterFailure: try process.bool("continued_after_failure")))
        }
        let chains = try await database.raw("SELECT * FROM job_chains WHERE job_id = \(bind: id) ORDER BY id").all().map { chain in
            var value = JobChain(serverID: try chain.int64("server_id"), serverName: try chain.string("server_name"),
                                 processes: processes[try chain.int64("id")] ?? [], cancelledAt: try chain.optionalDate("cancelled_at"))
            value.id = try chain.int64("id")
            return value
        }
        return Job(id: id, ownerID: try row.string("owner_id"), tenantID: try row.optionalInt64("tenant_id"), patches: patches,
                   scheduledAt: try row.optionalDate("scheduled_at"),
                   options: Job.Options(reboot: try row.bool("reboot"), monitorSeconds: Int(try row.int64("monitor_seconds")),
                                        preScript: try row.string("pre_script"), postScript: try row.string("post_script")),
                   chains: chains, createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}

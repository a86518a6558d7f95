import Foundation
import PatchbayCore
import SQLKit

struct SQLJobRepository: JobRepository {
    let database: any SQLDatabase
    let engine: CMDBEngine

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

    func claimChain(runner: String, host: String, clock: LeaseClock, leaseSeconds: Double, perTenantLimit: Int) async throws -> ClaimedChain? {
        let now = SQLClock(engine: engine, clock: clock).now
        let until = SQLClock(engine: engine, clock: clock).now(plus: leaseSeconds)
        let claimable: [String] = [JobChain.State.pending.rawValue, JobChain.State.running.rawValue]
        // One UPDATE picks and leases the chain, so two runners (even on two hosts) cannot both win it; the
        // tenant's live leases are counted inside the same statement for the same reason. Every time in it is
        // the database's, so a host whose clock runs ahead does not see another's live lease as expired.
        guard let row = try await database.raw("""
            UPDATE job_chains SET lease_owner = \(bind: runner), lease_host = \(bind: host), lease_expires_at = \(until)
            WHERE id = (
                SELECT c.id FROM job_chains c JOIN jobs j ON j.id = c.job_id
                WHERE c.state IN (\(binds: claimable)) AND (c.lease_expires_at IS NULL OR c.lease_expires_at < \(now))
                    AND (j.scheduled_at IS NULL OR j.scheduled_at <= \(now))
                    AND (SELECT count(*) FROM job_chains c2 JOIN jobs j2 ON j2.id = c2.job_id
                         WHERE j2.tenant_id IS NOT DISTINCT FROM j.tenant_id AND c2.lease_expires_at >= \(now)) < \(bind: perTenantLimit)
                ORDER BY j.id, c.id LIMIT 1)
            RETURNING id, job_id, lease_expires_at
            """).first() else { return nil }
        let chainID = try row.int64("id")
        guard let jobRow = try await database.raw("SELECT * FROM jobs WHERE id = \(bind: try row.int64("job_id"))").first() else { return nil }
        let job = try await job(jobRow, onlyChain: chainID)
        guard let chain = job.chains.first else { return nil }
        return ClaimedChain(job: job, chain: chain, leaseExpiresAt: try row.date("lease_expires_at"))
    }

    func renewLease(chainID: Int64, runner: String, clock: LeaseClock, seconds: Double) async throws -> Bool {
        let row = try await database.raw("""
            UPDATE job_chains SET lease_expires_at = \(SQLClock(engine: engine, clock: clock).now(plus: seconds))
            WHERE id = \(bind: chainID) AND lease_owner = \(bind: runner) RETURNING id
            """).first()
        return row != nil
    }

    func openJobIDs(serverID: Int64) async throws -> [Int64] {
        try await database.raw("""
            SELECT DISTINCT job_id FROM job_chains WHERE server_id = \(bind: serverID) AND state IN (\(binds: Self.unfinished)) ORDER BY job_id
            """).all().map { try $0.int64("job_id") }
    }

    private static let unfinished = JobChain.State.allCases.filter { !$0.isFinished }.map(\.rawValue)

    func chainCount(jobID: Int64) async throws -> Int {
        Int(try await database.raw("SELECT count(*) AS n FROM job_chains WHERE job_id = \(bind: jobID)").first()?.int64("n") ?? 0)
    }

    func storedState(jobID: Int64) async throws -> JobState? {
        try await database.raw("SELECT state FROM jobs WHERE id = \(bind: jobID)").first().flatMap { JobState(rawValue: try $0.string("state")) }
    }

    @discardableResult
    func saveChain(_ chain: JobChain, jobID: Int64, runner: String?, at: Date) async throws -> JobState {
        if let runner {
            let stored = try await database.raw("SELECT lease_owner, cancelled_at FROM job_chains WHERE id = \(bind: chain.id)").first()
            guard try stored?.optionalString("lease_owner") == runner else {
                throw PatchbayError(.conflict, "runner \(runner) lost its lease on the chain of \(chain.serverName)",
                                    fix: "nothing to do: the runner that holds the lease now continues the chain")
            }
            // A chain may be cancelled between two processes (by an operator, or because its server moved); the
            // runner's copy is older and must neither undo that nor cancel it a second time.
            if try stored?.optionalString("cancelled_at") != nil {
                throw PatchbayError(.conflict, "the chain of \(chain.serverName) was cancelled meanwhile", fix: "nothing to do")
            }
        }
        try await database.raw("""
            UPDATE job_chains SET state = \(bind: chain.state.rawValue), cancelled_at = \(bind: chain.cancelledAt.map(Timestamp.text)),
                cancel_reason = \(bind: chain.cancelReason)
            WHERE id = \(bind: chain.id)
            """).run()
        try await database.raw("DELETE FROM job_processes WHERE chain_id = \(bind: chain.id)").run()
        try await writeProcesses(chain.processes, chainID: chain.id)
        // The job's state is derived from which states its chains are in (not how many), so big jobs need not be
        // re-read: a few distinct states come back, not a row per server.
        let chainStates = try await database.raw("SELECT DISTINCT state FROM job_chains WHERE job_id = \(bind: jobID)").all()
            .compactMap { JobChain.State(rawValue: try $0.string("state")) }
        let state = JobState.of(chainStates: chainStates)
        try await database.raw("""
            UPDATE jobs SET state = \(bind: state.rawValue), updated_at = \(bind: Timestamp.text(at)) WHERE id = \(bind: jobID)
            """).run()
        return state
    }

    func recordRestart(chainID: Int64, runner: String) async throws -> Int {
        guard let row = try await database.raw("""
            UPDATE job_chains SET restarts = restarts + 1 WHERE id = \(bind: chainID) AND lease_owner = \(bind: runner) RETURNING restarts
            """).first() else {
            throw PatchbayError(.conflict, "runner \(runner) no longer holds the chain \(chainID)", fix: "nothing to do: the runner that holds it now goes on")
        }
        return Int(try row.int64("restarts"))
    }

    func recordProgress(chainID: Int64, position: Int, message: String, runner: String) async throws -> Bool {
        let changed = try await database.raw("""
            UPDATE job_processes SET message = \(bind: message)
            WHERE chain_id = \(bind: chainID) AND position = \(bind: position) AND state = 'running'
                AND EXISTS (SELECT 1 FROM job_chains c WHERE c.id = \(bind: chainID) AND c.lease_owner = \(bind: runner))
            RETURNING id
            """).all()
        return !changed.isEmpty
    }

    func releaseChain(chainID: Int64, runner: String) async throws {
        try await database.raw("""
            UPDATE job_chains SET lease_owner = NULL, lease_host = NULL, lease_expires_at = NULL
            WHERE id = \(bind: chainID) AND lease_owner = \(bind: runner)
            """).run()
    }

    func target(serverID: Int64) async throws -> JobTarget? {
        guard let server = try await SQLServerRepository(database: database).withID(serverID) else { return nil }
        let row = try await database.raw("""
            SELECT c.computer_id, c.full_domain_name, w.name AS wsus_name FROM servers s
            JOIN computers c ON c.id = s.computer_key JOIN wsus_servers w ON w.id = c.wsus_server_id
            WHERE s.id = \(bind: serverID) AND c.removed_at IS NULL
            """).first()
        let fallbackName = server.wsusComputerName.isEmpty ? (server.hostName.isEmpty ? server.name : server.hostName) : server.wsusComputerName
        return JobTarget(server: server, wsusServerName: try row?.string("wsus_name"), computerID: try row?.string("computer_id"),
                         computerName: try row?.string("full_domain_name") ?? fallbackName)
    }

    func recordEvent(_ event: JobEvent, mailID: Int64?) async throws {
        try await database.raw("""
            INSERT INTO job_events (job_id, kind, server_name, at, mail_id)
            VALUES (\(bind: event.jobID), \(bind: event.kind.rawValue), \(bind: event.serverName), \(bind: Timestamp.text(event.at)), \(bind: mailID))
            """).run()
    }

    func events(jobID: Int64) async throws -> [JobEvent] {
        try await database.raw("SELECT * FROM job_events WHERE job_id = \(bind: jobID) ORDER BY id").all().compactMap { row in
            guard let kind = JobEventKind(rawValue: try row.string("kind")) else { return nil }
            return JobEvent(jobID: jobID, kind: kind, serverName: try row.optionalString("server_name"), at: try row.date("at"))
        }
    }

    func heartbeat(runner: String, host: String, pid: Int, leaseSeconds: Int, clock: LeaseClock) async throws {
        let now = SQLClock(engine: engine, clock: clock).now
        try await database.raw("""
            INSERT INTO job_runners (id, host, pid, started_at, heartbeat_at, lease_seconds)
            VALUES (\(bind: runner), \(bind: host), \(bind: pid), \(now), \(now), \(bind: leaseSeconds))
            ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, stopped_at = NULL
            """).run()
    }

    func runnerStopped(id: String, clock: LeaseClock) async throws {
        try await database.raw("UPDATE job_runners SET stopped_at = \(SQLClock(engine: engine, clock: clock).now) WHERE id = \(bind: id)").run()
    }

    func databaseNow() async throws -> Date {
        try await database.raw("SELECT \(SQLClock(engine: engine, clock: .database).now) AS now").first()?.date("now") ?? Date()
    }

    func runners() async throws -> [RunnerRecord] {
        try await database.raw("SELECT * FROM job_runners ORDER BY heartbeat_at DESC").all().map { row in
            RunnerRecord(id: try row.string("id"), host: try row.string("host"), pid: Int(try row.int64("pid")),
                         startedAt: try row.date("started_at"), heartbeatAt: try row.date("heartbeat_at"), stoppedAt: try row.optionalDate("stopped_at"),
                         leaseSeconds: Int(try row.int64("lease_seconds")))
        }
    }

    private func writeProcesses(_ processes: [JobProcess], chainID: Int64) async throws {
        try await BatchWriter(database: database).insert("""
            INSERT INTO job_processes (chain_id, position, kind, state, started_at, finished_at, output, message, continued_after_failure) VALUES
            """, rows: processes.enumerated().map { position, process in
                [chainID, position, process.kind.rawValue, process.state.rawValue, process.startedAt.map(Timestamp.text),
                 process.finishedAt.map(Timestamp.text), process.output, process.message, process.continuedAfterFailure ? 1 : 0]
            })
    }

    private func job(_ row: any SQLRow, onlyChain: Int64? = nil) async throws -> Job {
        let id = try row.int64("id")
        let chainFilter: SQLQueryString = onlyChain.map { " AND c.id = \(bind: $0)" } ?? ""
        let patches = try await database.raw("SELECT * FROM job_patches WHERE job_id = \(bind: id) ORDER BY kb, update_id").all().map { patch in
            Job.Patch(key: PatchKey(updateID: try patch.string("update_id"), revisionNumber: Int(try patch.int64("revision_number"))),
                      kb: try patch.string("kb"))
        }
        var processes: [Int64: [JobProcess]] = [:]
        for process in try await database.raw("""
            SELECT p.* FROM job_processes p JOIN job_chains c ON c.id = p.chain_id WHERE c.job_id = \(bind: id)\(chainFilter)
            ORDER BY p.chain_id, p.position
            """).all() {
            guard let kind = ProcessKind(rawValue: try process.string("kind")), let state = ProcessState(rawValue: try process.string("state")) else { continue }
            processes[try process.int64("chain_id"), default: []].append(JobProcess(
                kind: kind, state: state, startedAt: try process.optionalDate("started_at"), finishedAt: try process.optionalDate("finished_at"),
                output: try process.string("output"), message: try process.string("message"),
                continuedAfterFailure: try process.bool("continued_after_failure")))
        }
        let chains = try await database.raw("SELECT * FROM job_chains c WHERE c.job_id = \(bind: id)\(chainFilter) ORDER BY c.id").all().map { chain in
            var value = JobChain(serverID: try chain.int64("server_id"), serverName: try chain.string("server_name"),
                                 processes: processes[try chain.int64("id")] ?? [], cancelledAt: try chain.optionalDate("cancelled_at"),
                                 cancelReason: try chain.optionalString("cancel_reason"))
            value.id = try chain.int64("id")
            value.restarts = Int(try chain.int64("restarts"))
            return value
        }
        return Job(id: id, ownerID: try row.string("owner_id"), tenantID: try row.optionalInt64("tenant_id"), patches: patches,
                   scheduledAt: try row.optionalDate("scheduled_at"),
                   options: Job.Options(reboot: try row.bool("reboot"), monitorSeconds: Int(try row.int64("monitor_seconds")),
                                        preScript: try row.string("pre_script"), postScript: try row.string("post_script")),
                   chains: chains, createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}

extension Migrations {
    /// Scheduled discovery runs, each taken by one daemon: every host of the CMDB computes the same due time
    /// from the same schedule, and the first to insert it runs it; `taken_by` names that daemon (pid, host id, start).
    /// Job chains' leases name their runner's host too, so a listing can say which host holds a chain; a runner
    /// records its lease, by which its heartbeat is judged. Every save of a chain reads its job's other chains, which
    /// on a shared CMDB many runners do at once: they are found by index.
    static let schema011 = Migration(version: 11, name: "scheduled runs taken once, lease hosts", statements: [
        "CREATE TABLE discovery_ticks (wsus_server TEXT NOT NULL, due_at TEXT NOT NULL, taken_by TEXT NOT NULL, taken_at TEXT NOT NULL, PRIMARY KEY (wsus_server, due_at))",
        "ALTER TABLE job_chains ADD COLUMN lease_host TEXT",
        "ALTER TABLE job_runners ADD COLUMN lease_seconds INTEGER NOT NULL DEFAULT 30",
        "CREATE INDEX job_chains_job ON job_chains(job_id)",
    ])
}

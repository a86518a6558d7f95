extension Migrations {
    /// The restarts a job has made on each server, so `jobs.max_restarts` holds across the chain's processes,
    /// retries and runners (docs/agent-protocol.md §5).
    static let schema008 = Migration(version: 8, name: "restarts per job chain", statements: [
        "ALTER TABLE job_chains ADD COLUMN restarts INTEGER NOT NULL DEFAULT 0",
    ])
}

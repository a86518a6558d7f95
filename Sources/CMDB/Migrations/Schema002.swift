extension Migrations {
    /// Job runners announce themselves, so operators (and the console's banner) can tell whether any
    /// runner is alive; jobs remember which owner events were already written to the mail outbox.
    static let schema002 = Migration(version: 2, name: "job runners and job events", statements: [
        """
        CREATE TABLE job_runners (
            id TEXT PRIMARY KEY,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            heartbeat_at TEXT NOT NULL,
            stopped_at TEXT
        )
        """,
        """
        CREATE TABLE job_events (
            id INTEGER PRIMARY KEY,
            job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            server_name TEXT,
            at TEXT NOT NULL,
            mail_id INTEGER REFERENCES mail_outbox(id)
        )
        """,
        "CREATE INDEX job_events_job ON job_events(job_id)",
        "CREATE INDEX job_chains_lease ON job_chains(lease_expires_at)",
    ])
}

extension Migrations {
    /// Fresh state (docs/architecture.md §3): every install state says who saw it and when, so a job's
    /// observation is not put back by an older WSUS report; every change of a state is kept; and one counter
    /// tells the consoles that what their lists show has changed (a plain table, so any SQL engine serves it).
    static let schema007 = Migration(version: 7, name: "observed install states, their history, a change counter", statements: [
        "ALTER TABLE install_states ADD COLUMN source TEXT NOT NULL DEFAULT 'discovery'",
        // When the observation was made: the computer's last WSUS report for discovery, the moment of looking for a job.
        "ALTER TABLE install_states ADD COLUMN observed_at TEXT",
        // Only the few rows a job wrote and WSUS has not confirmed yet: discovery reads them in every run.
        "CREATE INDEX install_states_observed_by_jobs ON install_states (computer_key) WHERE source <> 'discovery'",
        """
        CREATE TABLE install_state_history (
            id INTEGER PRIMARY KEY,
            computer_key INTEGER NOT NULL REFERENCES computers(id) ON DELETE CASCADE,
            update_id TEXT NOT NULL,
            old_state TEXT,
            new_state TEXT NOT NULL,
            source TEXT NOT NULL,
            at TEXT NOT NULL
        )
        """,
        "CREATE INDEX install_state_history_by_computer ON install_state_history (computer_key, id)",
        """
        CREATE TABLE cmdb_changes (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            counter INTEGER NOT NULL,
            changed_at TEXT
        )
        """,
        "INSERT INTO cmdb_changes (id, counter) VALUES (1, 0)",
    ])
}

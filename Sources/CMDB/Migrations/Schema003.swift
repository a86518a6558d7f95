extension Migrations {
    /// Apply-request mail is sent once per (recipient, patch): this table remembers who was told of what.
    static let schema003 = Migration(version: 3, name: "apply-request notifications", statements: [
        """
        CREATE TABLE mail_notifications (
            user_id TEXT NOT NULL,
            update_id TEXT NOT NULL,
            mail_id INTEGER REFERENCES mail_outbox(id),
            notified_at TEXT NOT NULL,
            PRIMARY KEY (user_id, update_id)
        )
        """,
        "CREATE INDEX mail_outbox_due ON mail_outbox(state, next_attempt_at)",
    ])
}

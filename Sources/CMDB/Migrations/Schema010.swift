extension Migrations {
    /// Who holds each named lock (one discovery at a time), for the refusal's message: on PostgreSQL the lock
    /// itself is an advisory lock any host sees; SQLite keeps its lock files.
    static let schema010 = Migration(version: 10, name: "named lock holders", statements: [
        "CREATE TABLE cmdb_locks (name TEXT PRIMARY KEY, holder TEXT NOT NULL, since TEXT NOT NULL)",
    ])
}

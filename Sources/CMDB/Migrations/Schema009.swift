extension Migrations {
    /// A login attempt is settled by a number of its own instead of SQLite's rowid, which PostgreSQL does not have.
    static let schema009 = Migration(version: 9, name: "login attempt reservation numbers", statements: [
        "ALTER TABLE login_failures ADD COLUMN reservation INTEGER",
    ])
}

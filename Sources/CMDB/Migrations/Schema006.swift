extension Migrations {
    /// A login attempt is written before its password is checked (pending = 1) and settled afterwards, so
    /// parallel attempts see each other and the lockout holds however many arrive at once.
    static let schema006 = Migration(version: 6, name: "login attempt reservations", statements: [
        "ALTER TABLE login_failures ADD COLUMN pending INTEGER NOT NULL DEFAULT 0",
    ])
}

extension Migrations {
    /// A business server's time zone, so scheduled starts can be shown in the server's local time.
    static let schema004 = Migration(version: 4, name: "server time zones", statements: [
        "ALTER TABLE servers ADD COLUMN time_zone TEXT NOT NULL DEFAULT ''",
    ])
}

extension Migrations {
    /// Why a chain was cancelled when no operator asked for it (its server left the job owner's reach).
    static let schema005 = Migration(version: 5, name: "chain cancel reasons", statements: [
        "ALTER TABLE job_chains ADD COLUMN cancel_reason TEXT",
    ])
}

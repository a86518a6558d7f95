/// One step of the schema's history. Applied steps are recorded in `schema_migrations`; a step is never
/// edited once released — a change is a new step.
struct Migration: Sendable {
    let version: Int
    let name: String
    let statements: [String]
}

enum Migrations {
    /// Every step, oldest first.
    static let all: [Migration] = [schema001, schema002, schema003, schema004, schema005, schema006, schema007, schema008, schema009, schema010, schema011]

    static var latestVersion: Int { all.last?.version ?? 0 }
}

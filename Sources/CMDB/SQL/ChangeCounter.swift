import Foundation
import SQLKit

/// The one row consoles poll to learn that their lists are out of date. Bumped by the repositories in the
/// transaction of the change itself, so a reader that sees the new count sees the change too.
struct ChangeCounter {
    let database: any SQLDatabase

    func bump(at: Date) async throws {
        try await database.raw("UPDATE cmdb_changes SET counter = counter + 1, changed_at = \(bind: Timestamp.text(at)) WHERE id = 1").run()
    }

    func current() async throws -> Int64 {
        try await database.raw("SELECT counter FROM cmdb_changes WHERE id = 1").first()?.int64("counter") ?? 0
    }
}

import SQLKit

/// Multi-row statements: one `INSERT … VALUES (…), (…)` per chunk instead of one statement per row, which
/// is what keeps a 500,000-row discovery in seconds. Chunks stay far below SQLite's bind limit.
struct BatchWriter {
    let database: any SQLDatabase
    static let bindsPerStatement = 4_000

    /// `prefix` is everything up to VALUES (inclusive), `suffix` follows the last row (e.g. ON CONFLICT …).
    func insert(_ prefix: String, rows: [[any Encodable & Sendable]], suffix: String = "") async throws {
        guard let width = rows.first?.count, width > 0 else { return }
        let perChunk = max(1, Self.bindsPerStatement / width)
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + perChunk, rows.count)]
            var query = SQLQueryString("\(unsafeRaw: prefix) ")
            for (index, row) in chunk.enumerated() {
                query += index == 0 ? "(\(binds: row))" : ", (\(binds: row))"
            }
            query += " \(unsafeRaw: suffix)"
            try await database.raw(query).run()
            start += perChunk
        }
    }
}

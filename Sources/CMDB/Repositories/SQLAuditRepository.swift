import Foundation
import PatchbayCore
import SQLKit

struct SQLAuditRepository: AuditRepository {
    let database: any SQLDatabase

    func append(_ record: AuditRecord) async throws {
        let parameters = String(decoding: try JSONEncoder().encode(record.parameters), as: UTF8.self)
        try await database.raw("""
            INSERT INTO audit_log (at, actor, tenant, operation, parameters, outcome, message)
            VALUES (\(bind: Timestamp.text(record.at)), \(bind: record.actor), \(bind: record.tenant),
                    \(bind: record.operation), \(bind: parameters), \(bind: record.outcome.rawValue), \(bind: record.message))
            """).run()
    }

    func list(_ filter: AuditFilter, after: Int64, count: Int) async throws -> [AuditRecord] {
        func matching() -> SQLQueryString {
            var query: SQLQueryString = "SELECT id FROM audit_log WHERE 1 = 1"
            if let since = filter.since { query += " AND at >= \(bind: Timestamp.text(since))" }
            if let actor = filter.actor { query += " AND actor = \(bind: actor)" }
            if let tenant = filter.tenant { query += " AND tenant = \(bind: tenant)" }
            return query
        }
        // Pages by id (keyset), so each page costs the same however deep into the log it is.
        var query: SQLQueryString = "SELECT * FROM audit_log WHERE id IN (" + matching() + ") AND id > \(bind: after)"
        if let limit = filter.limit {
            // Only the newest `limit`: the pages start at the oldest of them.
            query += " AND id >= (SELECT min(id) FROM (" + matching() + " ORDER BY id DESC LIMIT \(literal: limit)) AS newest)"
        }
        query += " ORDER BY id LIMIT \(literal: count)"
        return try await database.raw(query).all().map(record)
    }

    private func record(_ row: any SQLRow) throws -> AuditRecord {
        let parametersText = try row.string("parameters")
        let parameters = (try? JSONDecoder().decode([AuditParameter].self, from: Data(parametersText.utf8))) ?? []
        return AuditRecord(
            id: try row.int64("id"), at: try row.date("at"), actor: try row.string("actor"),
            tenant: try row.optionalString("tenant"), operation: try row.string("operation"),
            parameters: parameters, outcome: AuditRecord.Outcome(rawValue: try row.string("outcome")) ?? .failure,
            message: try row.optionalString("message"))
    }
}

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

    func list(_ filter: AuditFilter) async throws -> [AuditRecord] {
        var query: SQLQueryString = "SELECT * FROM audit_log WHERE 1 = 1"
        if let since = filter.since { query += " AND at >= \(bind: Timestamp.text(since))" }
        if let actor = filter.actor { query += " AND actor = \(bind: actor)" }
        if let tenant = filter.tenant { query += " AND tenant = \(bind: tenant)" }
        // The newest N, shown oldest first.
        query = "SELECT * FROM (" + query + " ORDER BY id DESC"
        if let limit = filter.limit { query += " LIMIT \(literal: limit)" }
        query += ") AS newest ORDER BY id"
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

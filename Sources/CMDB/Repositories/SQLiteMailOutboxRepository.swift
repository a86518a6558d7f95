import Foundation
import PatchbayCore
import SQLKit

struct SQLiteMailOutboxRepository: MailOutboxRepository {
    let database: any SQLDatabase

    func enqueue(_ mail: OutgoingMail) async throws -> Int64 {
        let row = try await database.raw("""
            INSERT INTO mail_outbox (recipient, language, subject, body, cause, state, attempts, next_attempt_at, created_at)
            VALUES (\(bind: mail.recipient), \(bind: mail.language.rawValue), \(bind: mail.subject), \(bind: mail.body), \(bind: mail.cause),
                    \(bind: mail.state.rawValue), \(bind: mail.attempts), \(bind: Timestamp.text(mail.createdAt)), \(bind: Timestamp.text(mail.createdAt)))
            RETURNING id
            """).first()
        guard let id = try row?.int64("id") else { throw PatchbayError(.unexpected, "the CMDB returned no id for the queued mail") }
        return id
    }

    func list(state: OutgoingMail.State?, limit: Int) async throws -> [OutgoingMail] {
        var query: SQLQueryString = "SELECT * FROM mail_outbox"
        if let state { query += " WHERE state = \(bind: state.rawValue)" }
        query += " ORDER BY id DESC LIMIT \(literal: limit)"
        return try await database.raw(query).all().map { row in
            OutgoingMail(id: try row.int64("id"), recipient: try row.string("recipient"),
                         language: Language(rawValue: try row.string("language")) ?? .en, subject: try row.string("subject"),
                         body: try row.string("body"), cause: try row.string("cause"),
                         state: OutgoingMail.State(rawValue: try row.string("state")) ?? .queued,
                         attempts: Int(try row.int64("attempts")), createdAt: try row.date("created_at"))
        }
    }
}

import Foundation
import PatchbayCore
import SQLKit

struct SQLMailOutboxRepository: MailOutboxRepository {
    let database: any SQLDatabase
    let engine: CMDBEngine
    private var clock: SQLClock { SQLClock(engine: engine, clock: .database) }

    func enqueue(_ mail: OutgoingMail) async throws -> Int64 {
        let row = try await database.raw("""
            INSERT INTO mail_outbox (recipient, language, subject, body, cause, state, attempts, next_attempt_at, created_at)
            VALUES (\(bind: mail.recipient), \(bind: mail.language.rawValue), \(bind: mail.subject), \(bind: mail.body), \(bind: mail.cause),
                    \(bind: mail.state.rawValue), \(bind: mail.attempts), \(clock.now), \(bind: Timestamp.text(mail.createdAt)))
            RETURNING id
            """).first()
        guard let id = try row?.int64("id") else { throw PatchbayError(.unexpected, "the CMDB returned no id for the queued mail") }
        return id
    }

    func list(state: OutgoingMail.State?, limit: Int) async throws -> [OutgoingMail] {
        var query: SQLQueryString = "SELECT * FROM mail_outbox"
        if let state { query += " WHERE state = \(bind: state.rawValue)" }
        query += " ORDER BY id DESC LIMIT \(literal: limit)"
        return try await database.raw(query).all().map(mail)
    }

    func claimDue(holdSeconds: Double, limit: Int) async throws -> [OutgoingMail] {
        try await database.raw("""
            UPDATE mail_outbox SET next_attempt_at = \(clock.now(plus: holdSeconds))
            WHERE id IN (SELECT id FROM mail_outbox WHERE state = 'queued' AND next_attempt_at <= \(clock.now)
                         ORDER BY id LIMIT \(literal: limit))
            RETURNING *
            """).all().map(mail).sorted { $0.id < $1.id }
    }

    func record(_ attempt: MailAttempt, mailID: Int64) async throws {
        switch attempt {
        case .sent:
            try await database.raw("""
                UPDATE mail_outbox SET state = 'sent', attempts = attempts + 1, sent_at = \(clock.now), last_error = NULL
                WHERE id = \(bind: mailID)
                """).run()
        case .failed(let error, let retryAfter):
            let next: SQLQueryString = retryAfter.map { clock.now(plus: $0) } ?? "NULL"
            try await database.raw("""
                UPDATE mail_outbox SET state = \(bind: retryAfter == nil ? "dead" : "queued"), attempts = attempts + 1, last_error = \(bind: error),
                    next_attempt_at = \(next)
                WHERE id = \(bind: mailID)
                """).run()
        }
    }

    func requeueDead(ids: [Int64]?) async throws -> [OutgoingMail] {
        var query: SQLQueryString = """
            UPDATE mail_outbox SET state = 'queued', attempts = 0, next_attempt_at = \(clock.now) WHERE state = 'dead'
            """
        if let ids { query += " AND id IN (\(binds: ids))" }
        query += " RETURNING *"
        return try await database.raw(query).all().map(mail).sorted { $0.id < $1.id }
    }

    func mails(ids: [Int64]) async throws -> [OutgoingMail] {
        guard !ids.isEmpty else { return [] }
        return try await database.raw("SELECT * FROM mail_outbox WHERE id IN (\(binds: ids)) ORDER BY id").all().map(mail)
    }

    func notifiedPatches(userID: String, updateIDs: Set<String>) async throws -> Set<String> {
        guard !updateIDs.isEmpty else { return [] }
        return Set(try await database.raw("""
            SELECT update_id FROM mail_notifications WHERE user_id = \(bind: userID) AND update_id IN (\(binds: Array(updateIDs)))
            """).all().map { try $0.string("update_id") })
    }

    func recordNotified(userID: String, updateIDs: [String], mailID: Int64, at: Date) async throws {
        try await BatchWriter(database: database).insert("INSERT INTO mail_notifications (user_id, update_id, mail_id, notified_at) VALUES",
                                                         rows: updateIDs.map { [userID, $0, mailID, Timestamp.text(at)] }, suffix: "ON CONFLICT DO NOTHING")
    }

    private func mail(_ row: any SQLRow) throws -> OutgoingMail {
        OutgoingMail(id: try row.int64("id"), recipient: try row.string("recipient"),
                     language: Language(rawValue: try row.string("language")) ?? .en, subject: try row.string("subject"),
                     body: try row.string("body"), cause: try row.string("cause"),
                     state: OutgoingMail.State(rawValue: try row.string("state")) ?? .queued,
                     attempts: Int(try row.int64("attempts")), createdAt: try row.date("created_at"),
                     nextAttemptAt: try row.optionalDate("next_attempt_at"), lastError: try row.optionalString("last_error"),
                     sentAt: try row.optionalDate("sent_at"))
    }
}

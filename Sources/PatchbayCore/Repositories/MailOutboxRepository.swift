import Foundation

public protocol MailOutboxRepository: Sendable {
    /// Queues a mail; returns its id.
    func enqueue(_ mail: OutgoingMail) async throws -> Int64
    /// Mails, newest first, optionally only in one state.
    func list(state: OutgoingMail.State?, limit: Int) async throws -> [OutgoingMail]
}

import Foundation

/// How one delivery attempt of a queued mail ended.
public enum MailAttempt: Sendable, Hashable {
    case sent
    /// Try again `retryAfter` seconds from now; nil: no more tries, the mail is dead.
    case failed(error: String, retryAfter: Double?)
}

public protocol MailOutboxRepository: Sendable {
    /// Queues a mail; returns its id.
    func enqueue(_ mail: OutgoingMail) async throws -> Int64
    /// Mails, newest first, optionally only in one state.
    func list(state: OutgoingMail.State?, limit: Int) async throws -> [OutgoingMail]
    /// Takes up to `limit` queued mails that are due, pushing their next attempt `holdSeconds` ahead in the
    /// same statement, so that two mailers (on any hosts) never send the same mail. Due times, here and in
    /// `enqueue`, `record` and `requeueDead`, are the database's clock, which every host shares.
    func claimDue(holdSeconds: Double, limit: Int) async throws -> [OutgoingMail]
    func record(_ attempt: MailAttempt, mailID: Int64) async throws
    /// Puts dead mail (all, or the ids given) back in the queue, due now; returns what was re-queued.
    func requeueDead(ids: [Int64]?) async throws -> [OutgoingMail]
    func mails(ids: [Int64]) async throws -> [OutgoingMail]

    /// The patches among `updateIDs` that `userID` was already asked to apply.
    func notifiedPatches(userID: String, updateIDs: Set<String>) async throws -> Set<String>
    func recordNotified(userID: String, updateIDs: [String], mailID: Int64, at: Date) async throws
}

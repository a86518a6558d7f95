import Foundation

/// A mail as it is queued in the outbox: rendered, addressed, and waiting for the mailer.
public struct OutgoingMail: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, CaseIterable {
        case queued, sent, dead
    }

    public var id: Int64
    public var recipient: String
    public var language: Language
    public var subject: String
    public var body: String
    /// Why it was written, e.g. "job 12 completed".
    public var cause: String
    public var state: State
    public var attempts: Int
    public var createdAt: Date
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var sentAt: Date?

    public init(id: Int64 = 0, recipient: String, language: Language, subject: String, body: String, cause: String,
                state: State = .queued, attempts: Int = 0, createdAt: Date, nextAttemptAt: Date? = nil, lastError: String? = nil, sentAt: Date? = nil) {
        self.id = id
        self.recipient = recipient
        self.language = language
        self.subject = subject
        self.body = body
        self.cause = cause
        self.state = state
        self.attempts = attempts
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.sentAt = sentAt
    }
}

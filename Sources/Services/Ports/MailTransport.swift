import Foundation
import PatchbayCore

/// Hands mails to a mail server. The SMTP one is the real thing; the mailer only needs this shape.
public protocol MailTransport: Sendable {
    /// One result per mail, in order: nil when delivered, else why not.
    func deliver(_ mails: [OutgoingMail]) async -> [MailDeliveryProblem?]
}

public struct MailDeliveryProblem: Sendable, Hashable {
    public var message: String
    /// Trying again cannot help (the server refused this mail for good).
    public var permanent: Bool

    public init(message: String, permanent: Bool) {
        self.message = message
        self.permanent = permanent
    }
}

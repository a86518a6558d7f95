import Foundation
import PatchbayCore
import SMTP

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

public struct SMTPTransport: MailTransport {
    let client: SMTPClient

    public init(settings: SMTPSettings) {
        client = SMTPClient(settings: settings)
    }

    public func deliver(_ mails: [OutgoingMail]) async -> [MailDeliveryProblem?] {
        let messages = mails.map { mail in
            SMTPMessage(from: client.settings.from, to: mail.recipient, subject: mail.subject, body: mail.body, date: Date())
        }
        return await client.send(messages).map { result in
            switch result {
            case .success: return nil
            case .failure(let failure): return MailDeliveryProblem(message: failure.description, permanent: failure.permanent)
            }
        }
    }
}

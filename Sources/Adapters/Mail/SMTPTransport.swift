import Foundation
import PatchbayCore
import Services
import SMTP

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

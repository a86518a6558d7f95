import Foundation
import PatchbayCore

/// Listing and resending mail, for the management server's administrators; audited.
public struct MailService: Sendable {
    let context: ServiceContext
    private var audit: AuditTrail { AuditTrail(context: context) }

    public init(context: ServiceContext) {
        self.context = context
    }

    public func list(state: OutgoingMail.State?, limit: Int = 500) async throws -> [OutgoingMail] {
        try await audit.write("mail list", state.map { [AuditParameter("state", $0.rawValue)] } ?? []) { session in
            try context.require(.administer, .system, "list the mail outbox")
            return try await session.mail.list(state: state, limit: limit)
        }
    }

    /// Re-queues dead mail (all of it, or the ids given); the mailer sends it on its next round. An id that
    /// is not dead mail is refused with its state, and nothing is re-queued.
    public func resend(ids: [Int64]?) async throws -> [OutgoingMail] {
        let parameters = [AuditParameter("ids", ids.map { $0.map(String.init).joined(separator: ",") } ?? "all dead")]
        return try await audit.write("mail resend", parameters) { session in
            try context.require(.administer, .system, "re-send mail")
            if let ids {
                let found = try await session.mail.mails(ids: ids)
                var problems: [String] = []
                for id in ids {
                    guard let mail = found.first(where: { $0.id == id }) else { problems.append("there is no mail \(id)"); continue }
                    if mail.state != .dead { problems.append("mail \(id) is \(mail.state.rawValue), not dead") }
                }
                guard problems.isEmpty else {
                    throw PatchbayError.badArguments(problems.joined(separator: "; "), remedy: .see(.deadMail))
                }
            }
            return try await session.mail.requeueDead(ids: ids)
        }
    }
}

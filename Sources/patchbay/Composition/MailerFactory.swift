import Adapters
import Foundation
import PatchbayConfig
import PatchbayCore
import Services
import SMTP

/// Builds the daemon's mailer from the `smtp:` and `mail:` sections.
enum MailerFactory {
    /// nil when no SMTP server is configured: mail then stays queued in the outbox.
    static func make(_ runtime: Runtime, log: @escaping @Sendable (String) -> Void) throws -> Mailer? {
        guard let smtp = runtime.configuration.smtp else { return nil }
        let settings = SMTPSettings(
            host: smtp.host, port: smtp.port, security: SMTPSettings.Security(rawValue: smtp.security.rawValue) ?? .starttls,
            username: smtp.username, password: try smtp.passwordFile.map(WSUSSources.readSecret), from: smtp.from,
            caFile: smtp.caFile, timeoutSeconds: smtp.timeoutSeconds)
        let mail = runtime.configuration.mail
        let policy = Mailer.Policy(maxAttempts: mail.maxAttempts, retryBase: .seconds(mail.retrySeconds), pollInterval: .seconds(mail.pollSeconds))
        return Mailer(context: runtime.context, transport: SMTPTransport(settings: settings), policy: policy, log: log)
    }
}

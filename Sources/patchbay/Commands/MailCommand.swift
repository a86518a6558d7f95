import ArgumentParser
import Foundation
import PatchbayCore
import Services

extension OutgoingMail.State: ExpressibleByArgument {}

struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "The mail outbox: what was queued, sent or given up on, and re-sending dead mail.",
        discussion: """
            Every mail is written to the outbox first; the mailer in 'patchbay daemon' sends it, retrying with
            exponential backoff ('mail.max_attempts', 'mail.retry_seconds'), and marks it dead after the last attempt
            or when the server refuses it for good.
            """,
        subcommands: [List.self, Resend.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mails in the outbox, newest first.",
            discussion: "Examples:\n  patchbay mail list --state dead\n  patchbay mail list --format json")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only mails in this state: queued, sent or dead.") var state: OutgoingMail.State?
        @Option(help: "At most this many mails.") var limit: Int = 500
        @OptionGroup var format: FormatOption

        func run() async throws {
            let mails = try await Runtime.with(global) { try await MailService(context: $0.context).list(state: state, limit: limit) }
            Listing(columns: ["id", "state", "recipient", "language", "subject", "cause", "attempts", "created", "sent", "next-attempt", "last-error"],
                    rows: mails.map { mail in
                        [String(mail.id), mail.state.rawValue, mail.recipient, mail.language.rawValue, mail.subject, mail.cause, String(mail.attempts),
                         TimeInput.display(mail.createdAt), mail.sentAt.map(TimeInput.display) ?? "",
                         mail.state == .queued ? mail.nextAttemptAt.map(TimeInput.display) ?? "" : "", mail.lastError ?? ""]
                    },
                    droppable: ["last-error", "next-attempt", "created", "cause", "language"])
                .print(format.format)
        }
    }

    struct Resend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put dead mail back in the queue: all of it, or the ids given. The daemon's mailer sends it.",
            discussion: """
                An id that is not dead mail is refused (exit 10) and nothing is re-queued.
                Examples:
                  patchbay mail resend
                  patchbay mail resend --id 12 --id 14 --output resend-report.txt
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "A dead mail's id (repeatable). Default: every dead mail.") var id: [Int64] = []
        @Option(help: "Also write the report to this file (atomically).") var output: String?

        func run() async throws {
            let requeued = try await Runtime.with(global) { try await MailService(context: $0.context).resend(ids: id.isEmpty ? nil : id) }
            var report = "re-queued \(requeued.count) dead mail(s)\n"
            for mail in requeued { report += "  \(mail.id)  \(mail.recipient)  \(mail.subject)\n" }
            if let output {
                try AtomicFile.write(report, to: output)
            }
            Say.text(report)
        }
    }
}

import ArgumentParser
import Foundation
import PatchbayCore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read the audit log: every operator action, who did it, and whether it worked.",
        subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List audit records, oldest first.",
            discussion: """
                USER is a user id, or #COMMAND for commands run in a shell on the management server.
                Examples:
                  patchbay audit list --since 24h
                  patchbay audit list --since 2026-11-01 --user '#COMMAND' --format csv > audit.csv
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only records from this time on: 2026-11-29, '2026-11-29 08:00', ISO 8601, or an age like 30m, 24h, 7d.")
        var since: String?
        @Option(help: "Only records of this user id (or '#COMMAND').") var user: String?
        @Option(help: "Only records concerning this tenant.") var tenant: String?
        @Option(help: "At most this many records (the newest).") var limit: Int?
        @OptionGroup var output: FormatOption

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
        }

        func run() async throws {
            let filter = AuditFilter(since: try since.map { try TimeInput.parse($0, option: "--since") },
                                     actor: user, tenant: tenant, limit: limit)
            // Records go out a page at a time as they are read: the log grows without bound.
            let stream = try ListingStream(columns: ["time", "user", "tenant", "operation", "parameters", "result", "message"], droppable: [],
                                           format: output.format, output: nil)
            try await Runtime.with(global) { runtime in
                try await runtime.audit.stream(filter) { records in
                    try stream.add(records.map { record in
                        [TimeInput.display(record.at), record.actor, record.tenant ?? "", record.operation,
                         record.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: " "), record.outcome.rawValue, record.message ?? ""]
                    })
                }
            }
            try stream.finish()
        }
    }
}

import ArgumentParser
import Foundation
import PatchbayCore
import Services

struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Try the agent that reaches the business servers (jobs.agent) on one server, outside any job.",
        discussion: """
            The ssh agent follows docs/agent-protocol.md. Before the first job on a new Windows server, and to try
            the agent by hand on a test server, run 'patchbay agent check --server S': it connects as the jobs
            would, runs the operation check and prints what the server answered (its OS, boot time, a pending
            restart and why, whether servicing is busy).
            """,
        subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the operation check on one server: reachable, able to run Windows Update, waiting for a restart?",
            discussion: """
                Exit 0 when the server passed the check, 1 when it answered but cannot run Windows Update or could
                not be reached (the message says why and what to do), 10 for an unknown server.
                Examples:
                  patchbay agent check --server GLX-WEB01
                  patchbay agent check --server GLX-WEB01 --user infra
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The server, by name.") var server: String
        @Option(help: "Check as this user, with their rights (default: the management server).") var user: String?

        func run() async throws {
            let result = try await Runtime.with(global) { runtime in
                try await AgentCheckService(context: try await runtime.context(actingAs: user), agent: try JobRunnerFactory.agent(runtime.configuration))
                    .check(server: server)
            }
            if !result.output.isEmpty { Say.text(result.output) }
            guard result.succeeded else { throw PatchbayError(.jobNotCompleted, result.message) }
            Say.line(result.message)
        }
    }
}

import ArgumentParser
import Foundation
import PatchbayCore
import Services

struct UpdateInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update-info",
        abstract: "Discovery: pull patches, approvals, target groups, computers and install states from WSUS into the CMDB.",
        discussion: """
            Every WSUS server of the configuration is read in turn (or only --wsus NAME). Each server is read
            completely before anything is written, and its changes land in one transaction: if reading or
            writing fails, the CMDB keeps that server's last good data, the failed run is recorded, and the
            command exits 255 after trying the others. Unchanged rows are not rewritten. Only one discovery runs
            at a time (a second one exits 101 and names the first).

            A row that breaks its bound is skipped: an update whose id is not a GUID or whose KB is not digits,
            a title over 1,000 characters, a date before 1990 or more than a year ahead, and so on (docs/commands.md,
            "What discovery accepts from WSUS"). It is counted and named in the output and in the run's record,
            and nothing that points at it (approvals, states, supersedence) is stored.

            Updates that vanish from WSUS (server cleanup deletes them without telling anyone) are marked
            missing; with --cleanup they are retired from the CMDB together with their approvals and states.

            Examples:
              patchbay update-info --repository
              patchbay update-info --repository --cleanup --wsus wsus01
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Update the CMDB repository from WSUS (required; the only mode so far).") var repository = false
    @Flag(help: "Retire updates that WSUS no longer has.") var cleanup = false
    @Option(help: "Only this WSUS server (its name in the configuration).") var wsus: String?

    func validate() throws {
        if !repository { throw ValidationError("give --repository to update the CMDB from WSUS") }
    }

    func run() async throws {
        try await Runtime.with(global) { runtime in
            let sources = try WSUSSources.make(runtime.configuration, only: wsus)
            let service = DiscoveryService(context: runtime.context, sources: sources)
            let command = "patchbay update-info --repository" + (cleanup ? " --cleanup" : "") + (wsus.map { " --wsus \($0)" } ?? "")
            do {
                let reports = try await service.run(cleanup: cleanup, holder: WSUSSources.lockHolder(command, runtime.configuration))
                reports.forEach(Self.print)
            } catch let failure as DiscoveryFailure {
                failure.reports.filter(\.run.succeeded).forEach(Self.print)
                throw failure.error
            }
        }
    }

    static func print(_ report: DiscoveryService.Report) {
        let run = report.run
        Say.line("\(run.wsusServer): +\(run.added) added, ~\(run.changed) changed, -\(run.removed) removed in "
                    + String(format: "%.1f s", run.duration) + "; \(report.mappedServers) registered servers linked to WSUS computers")
        Say.line("  \(run.details)")
        if !report.skipped.isEmpty {
            Say.line("  the skipped rows were not stored: update ids must be GUIDs, KB numbers digits and every field within its bound; check them on \(run.wsusServer)")
        }
        if report.applyRequestMails > 0 { Say.line("apply-request mails queued: \(report.applyRequestMails)") }
    }
}

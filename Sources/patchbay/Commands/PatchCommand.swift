import ArgumentParser
import Foundation
import PatchbayCore
import Services

extension PatchPolicy: ExpressibleByArgument {}

struct PatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patch",
        abstract: "Patch status from the CMDB, and applying patches to servers.",
        subcommands: [Info.self, Apply.self])

    struct Info: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one row per (server, patch): KB, title, classification, severity, required/recommended, approval, install state.",
            discussion: """
                Data comes from the last discovery ('patchbay update-info --repository'). A registered server that WSUS has
                not reported on yet shows one row in state not-reported-yet and never counts as compliant.
                Install states: not-installed, downloaded, failed, installed, pending-reboot, not-applicable, unknown,
                not-reported-yet. Approval: approved, not-approved, declined, blocked, uninstall.

                Examples:
                  patchbay patch info --tenant acme --required --state not-installed
                  patchbay patch info --patch KB5033118 --format csv --output kb5033118.csv
                  patchbay patch info --summary
                  patchbay patch info --user acme-user          (what acme-user may see)
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only servers of this tenant.") var tenant: String?
        @Option(help: "Only this server.") var server: String?
        @Option(help: "Only this patch: a KB (KB5033118) or an UpdateID.") var patch: String?
        @Option(help: "Only this classification, e.g. 'Security Updates'.") var classification: String?
        @Option(help: "Only this MSRC severity: Critical, Important, Moderate, Low, Unspecified.") var severity: String?
        @Option(help: "Only this install state.") var state: String?
        @Flag(help: "Only required patches.") var required = false
        @Flag(help: "Only recommended patches.") var recommended = false
        @Flag(help: "Counts per server and per tenant instead of one row per patch.") var summary = false
        @Option(help: "Show what this user may see (default: everything, as the management server's admin).") var user: String?
        @Option(help: "Write to this file (atomically) instead of standard output.") var output: String?
        @OptionGroup var format: FormatOption

        static let states = InstallState.allCases.map(\.rawValue)

        func validate() throws {
            if required && recommended { throw ValidationError("give --required or --recommended, not both") }
            if let state, !Self.states.contains(state) { throw ValidationError("--state must be one of \(Self.states.joined(separator: ", "))") }
        }

        func run() async throws {
            let filter = PatchInfoFilter(tenant: tenant, server: server, patch: patch, classification: classification, severity: severity,
                                         state: state.flatMap(InstallState.init(rawValue:)), policy: required ? .required : (recommended ? .recommended : nil))
            if summary {
                let listing = try await Runtime.with(global) { runtime -> Listing in
                    Self.summaryListing(try await PatchQueryService(context: try await runtime.context(actingAs: user)).summaries(filter))
                }
                if let output {
                    try AtomicFile.write(listing.render(format.format, width: nil), to: output)
                    Say.line("wrote \(listing.rows.count) rows to \(output)")
                } else {
                    listing.print(format.format)
                }
                return
            }
            // Rows go out as they are read: a million of them are never held at once.
            let stream = try ListingStream(columns: Self.rowColumns, droppable: Self.droppableRowColumns, format: format.format, output: output)
            try await Runtime.with(global) { runtime in
                try await PatchQueryService(context: try await runtime.context(actingAs: user)).stream(filter) { rows in
                    try stream.add(rows.map(Self.cells))
                }
            }
            try stream.finish()
            if let output { Say.line("wrote \(stream.rowCount) rows to \(output)") }
        }

        static let rowColumns = ["tenant", "server", "kb", "title", "classification", "severity", "policy", "approval", "state", "source",
                                 "observed-at", "last-report", "update-id"]
        static let droppableRowColumns = ["update-id", "observed-at", "last-report", "source", "classification", "tenant"]

        static func cells(_ row: PatchInfoRow) -> [String] {
            [row.tenant, row.server, row.kb, row.title, row.classification, row.severity, row.policy?.rawValue ?? "", row.approval?.rawValue ?? "",
             row.state.rawValue, row.source, row.observedAt.map(TimeInput.display) ?? "", row.lastReport.map(TimeInput.display) ?? "never", row.updateID]
        }

        static func summaryListing(_ summary: (servers: [ServerSummary], tenants: [TenantSummary])) -> Listing {
            var rows = summary.servers.map { s in
                ["server", s.tenant, s.server, s.reported ? "yes" : "no", String(s.installed), String(s.needed), String(s.requiredNeeded),
                 String(s.failed), String(s.pendingReboot), "", s.lastReport.map(TimeInput.display) ?? "never"]
            }
            rows += summary.tenants.map { t in
                ["tenant", t.tenant, "\(t.servers) servers", "\(t.servers - t.notReported)/\(t.servers)", String(t.installed), String(t.needed), "",
                 String(t.failed), String(t.pendingReboot), t.complianceRate.map { String(format: "%.1f%%", $0 * 100) } ?? "n/a", ""]
            }
            return Listing(columns: ["scope", "tenant", "server", "reported", "installed", "needed", "required-needed", "failed", "pending-reboot",
                                     "compliance", "last-report"], rows: rows, droppable: ["last-report"])
        }
    }
}

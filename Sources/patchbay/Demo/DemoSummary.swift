import Foundation
import PatchbayCore
import Services

/// What `patchbay demo` prints: where things are, who can log in, what was discovered.
struct DemoSummary {
    let runtime: Runtime
    let files: DemoFiles
    let fresh: Bool
    let simulatorURL: String
    let reports: [DiscoveryService.Report]

    func print() async throws {
        let users = try await runtime.users.list()
        let status = try await PatchQueryService(context: runtime.context).summaries(PatchInfoFilter())
        Say.line(fresh ? "Created the Patchbay demo home \(files.folder)" : "Using the existing Patchbay demo home \(files.folder)")
        Say.line("  configuration  \(files.configuration)")
        Say.line("  CMDB           \(runtime.store.location)")
        Say.line("  WSUS simulator \(simulatorURL)  (scenario \(files.scenario))")
        Say.line()
        Say.line("Users (demo password for every one: \(DemoSeed.password))")
        Listing(columns: ["id", "role", "tenant", "language"],
                rows: users.map { [$0.user.id, $0.user.role.rawValue, $0.tenantName ?? "", $0.user.language.rawValue] }).print(.table)
        Say.line()
        for report in reports { UpdateInfoCommand.print(report) }
        Say.line()
        Say.line("Patch status per server (patchbay patch info --summary)")
        Listing(columns: ["tenant", "server", "reported", "installed", "needed", "required-needed", "failed", "pending-reboot"],
                rows: status.servers.map { s in
                    [s.tenant, s.server, s.reported ? "yes" : "not yet", String(s.installed), String(s.needed), String(s.requiredNeeded),
                     String(s.failed), String(s.pendingReboot)]
                }).print(.table)
        Say.line()
        for tenant in status.tenants {
            let rate = tenant.complianceRate.map { String(format: "%.0f%%", $0 * 100) } ?? "n/a"
            Say.line("Tenant \(tenant.tenant): \(tenant.servers) servers, \(tenant.notReported) not reported yet, required-patch compliance \(rate)")
        }
        Say.line()
        Say.line("Next: export PATCHBAY_CONFIG=\(files.configuration)")
        Say.line("      patchbay patch info --tenant acme --required; patchbay audit list --since 1h")
    }
}

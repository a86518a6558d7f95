import Console
import Foundation
import PatchbayCore
import Services

/// What the console shows, read through the services (so the role table applies).
enum ConsoleData {
    /// Everything the lists, panes and wizard show, from one read of the patch status.
    static func session(_ rows: [PatchInfoRow], counter: Int64, scripts: [String]) -> SessionData {
        SessionData(patches: patchRows(rows), servers: serverRows(rows), states: installStates(rows), scripts: scripts, at: Date(), counter: counter)
    }

    /// Approved patches with the number of servers in the user's scope that still need them.
    static func patchRows(_ rows: [PatchInfoRow]) -> [PatchRow] {
        var byPatch: [String: PatchRow] = [:]
        for row in rows where row.approval == .approved && !row.kb.isEmpty {
            var entry = byPatch[row.updateID] ?? PatchRow(kb: row.kb, title: row.title, classification: row.classification, severity: row.severity,
                                                          policy: row.policy ?? .recommended, released: row.releaseDate, products: row.products.joined(separator: "\n"),
                                                          needed: 0, updateID: row.updateID)
            if row.state.isNeeded { entry.needed += 1 }
            byPatch[row.updateID] = entry
        }
        return Array(byPatch.values)
    }

    /// Each approved patch's state on every reported server in scope (the details panes).
    static func installStates(_ rows: [PatchInfoRow]) -> [String: [ServerState]] {
        var states: [String: [ServerState]] = [:]
        for row in rows where row.approval == .approved && !row.updateID.isEmpty {
            states[row.updateID, default: []].append(ServerState(server: row.server, state: row.state))
        }
        return states
    }

    /// Per tenant and per server, the figures of 'patch info --summary' for approved patches, as the status view draws them.
    static func status(_ context: ServiceContext) async throws -> ([StatusCounts], [StatusCounts]) {
        // Approved patches only, like the lists and the wizard: what the console's users can act on.
        let summary = try await PatchQueryService(context: context).summaries(PatchInfoFilter(), approvedOnly: true)
        // The summary counts a failed patch as needed too; the bar shows it once, as failed.
        let tenants = summary.tenants.map { t in
            StatusCounts(name: t.tenant, installed: t.installed, needed: t.needed - t.failed, failed: t.failed, pendingReboot: t.pendingReboot,
                         notReported: t.notReported, compliance: t.complianceRate)
        }
        let servers = summary.servers.sorted { $0.server < $1.server }.map { s in
            StatusCounts(name: s.server, installed: s.installed, needed: s.needed - s.failed, failed: s.failed, pendingReboot: s.pendingReboot,
                         notReported: s.reported ? 0 : 1, compliance: s.complianceRate)
        }
        return (tenants, servers)
    }

    static func jobRow(_ job: Job, tenant: String) -> JobRow {
        JobRow(id: job.id, state: job.state, owner: job.ownerID, tenant: tenant, patches: job.patches.map(\.kb).joined(separator: " "),
               created: job.createdAt, servers: job.chains.map { chain in
                   let failed = chain.processes.last { $0.state == .failed && !$0.continuedAfterFailure }
                   // A running install says how far it has got (the agent's progress, update by update).
                   let running = chain.processes.first { $0.state == .running && !$0.message.isEmpty }
                   return JobRow.Server(name: chain.serverName, state: chain.state,
                                        processes: chain.processes.map { process in
                                            JobRow.Process(kind: process.kind, state: process.state, startedAt: process.startedAt,
                                                           finishedAt: process.finishedAt, message: process.message, output: process.output)
                                        },
                                        message: chain.cancelReason ?? failed.map { "\($0.kind.rawValue): \($0.message)" }
                                            ?? running.map { "\($0.kind.rawValue): \($0.message)" } ?? "")
               }, scheduledAt: job.scheduledAt)
    }

    /// The servers in the user's scope with their last report and, for approved patches only (what the
    /// wizard can apply, what the patch list and server details show), what each still needs, failed
    /// installs and restarts pending.
    static func serverRows(_ rows: [PatchInfoRow]) -> [ServerRow] {
        var places: [String: (ip: String, wsus: String, zone: String)] = [:]
        for row in rows where places[row.server] == nil { places[row.server] = (row.ipAddress, row.wsusServer, row.timeZone) }
        return PatchQueryService.summarize(rows, approvedOnly: true).servers.map { s in
            ServerRow(name: s.server, tenant: s.tenant, reported: s.reported, lastReport: s.lastReport, requiredNeeded: s.requiredNeeded,
                      recommendedNeeded: s.recommendedNeeded, failed: s.failed, pendingReboot: s.pendingReboot,
                      ipAddress: places[s.server]?.ip ?? "", wsus: places[s.server]?.wsus ?? "", timeZone: places[s.server]?.zone ?? "")
        }
    }
}

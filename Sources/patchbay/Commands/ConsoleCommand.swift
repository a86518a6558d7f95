import ArgumentParser
import Console
import ConsoleTerminal
import Foundation
import PatchbayCore
import Services
import Synchronization

struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "The terminal console: log in, then browse the approved patches your servers need.",
        discussion: """
            This is what 'patchbay' runs with no command on a terminal. The screen needs at least 80×24 and a known TERM
            (xterm-256color, screen-256color, tmux-256color, vt100, linux). NO_COLOR turns colours off. The language
            follows the user's setting after login, before it $LANG.
            Keys on the patch list: ↑↓/jk move, / filter as you type, s sort by the next column, r reverse, Tab the server
            list, ? help, q quit.
            Failed logins are counted per user id: after 'ui.lockout.attempts' failures within 'ui.lockout.minutes'
            the id is refused for that long. Every attempt is audited.
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw PatchbayError.badArguments("the console needs a terminal", fix: "run it in a terminal or over 'ssh -t'; scripts use the other commands")
        }
        try await Runtime.with(global) { runtime in
            let ui = runtime.configuration.ui
            let header = LoginScreen.Header(product: "Patchbay", version: PatchbayCommand.version, cmdb: runtime.store.path,
                                            wsus: runtime.configuration.wsus.map { "\($0.name) \($0.url.absoluteString)" }.joined(separator: ", "))
            let language = ui.language ?? (ProcessInfo.processInfo.environment["LANG"]?.lowercased().hasPrefix("ja") == true ? .ja : .en)
            let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            let login = LoginService(context: runtime.context, attempts: ui.lockoutAttempts, minutes: ui.lockoutMinutes)
            let store = runtime.store
            let templates = runtime.context.templates
            let session = ConsoleSession()
            try await ConsoleRunner.run(header: header, language: language, noColor: noColor, staleAfterDays: ui.staleAfterDays) { effect in
                switch effect {
                case .login(let id, let password):
                    do {
                        let user = try await login.login(userID: id, password: password)
                        let context = ServiceContext(store: store, principal: .user(user.identity), templates: templates)
                        session.context.withLock { $0 = context }
                        // One read of the patch status serves the patch list, the wizard and the server list.
                        let rows = try await PatchQueryService(context: context).rows(PatchInfoFilter())
                        let (patches, needed) = ConsoleData.patchRows(rows)
                        let servers = ConsoleData.serverRows(rows)
                        return .loggedIn(user: user.id, language: user.language, patches: patches, servers: servers, needed: needed, at: Date())
                    } catch {
                        return .loginRefused
                    }
                case .apply(let request):
                    guard let context = session.context.withLock({ $0 }) else { return .applyRefused("not logged in") }
                    do {
                        let job = try await JobService(context: context).apply(.init(
                            servers: request.servers, patches: request.updateIDs, at: request.at, options: Job.Options(reboot: request.reboot),
                            channel: .console))
                        return .jobCreated(job.id)
                    } catch let error as PatchbayError {
                        return .applyRefused(error.message.replacingOccurrences(of: "\n", with: " "))
                    } catch {
                        return .applyRefused(String(describing: error))
                    }
                case .loadJobs(let initial):
                    guard let context = session.context.withLock({ $0 }) else { return nil }
                    let service = JobService(context: context)
                    guard let jobs = try? await (initial ? service.list(.init(limit: 100)) : service.visible()) else { return nil }
                    let alive = (try? await service.runners())?.contains { $0.isAlive(at: Date(), tolerance: 60) } ?? false
                    var names: [Int64?: String] = [:]
                    var rows: [JobRow] = []
                    for job in jobs {
                        if names[job.tenantID] == nil { names[job.tenantID] = (try? await service.tenantName(job.tenantID)) ?? "" }
                        rows.append(ConsoleData.jobRow(job, tenant: names[job.tenantID] ?? ""))
                    }
                    return .jobsLoaded(rows, runnerAlive: alive, at: Date())
                case .jobAction(let id, let action):
                    guard let context = session.context.withLock({ $0 }), let kind = JobChain.Action(rawValue: action) else { return nil }
                    do {
                        let job = try await JobService(context: context).act(kind, jobID: id)
                        return .jobActionDone("job \(id): \(action) done; the job is \(job.state.rawValue)")
                    } catch let error as PatchbayError {
                        return .jobActionDone(error.message)
                    } catch {
                        return .jobActionDone(String(describing: error))
                    }
                case .loadStatus:
                    guard let context = session.context.withLock({ $0 }),
                          let (tenants, servers) = try? await ConsoleData.status(context) else { return nil }
                    return .statusLoaded(tenants: tenants, servers: servers)
                case .quit:
                    return nil
                }
            }
        }
    }
}

/// The logged-in user's service context, shared with the effect handler's tasks.
final class ConsoleSession: Sendable {
    let context = Mutex<ServiceContext?>(nil)
}

/// What the console shows, read through the services (so the role table applies).
enum ConsoleData {
    static let needed: Set<String> = ["not-installed", "downloaded", "failed"]

    /// Approved patches with the number of servers in the user's scope that still need them, and each
    /// (server, patch) still needed — what the apply wizard offers.
    static func patchRows(_ rows: [PatchInfoRow]) -> ([PatchRow], [NeededPatch]) {
        var byPatch: [String: PatchRow] = [:]
        var stillNeeded: [NeededPatch] = []
        for row in rows where row.approval == "approved" && !row.kb.isEmpty {
            var entry = byPatch[row.updateID] ?? PatchRow(kb: row.kb, title: row.title, classification: row.classification, severity: row.severity,
                                                          policy: row.policy, released: nil, products: "", needed: 0, updateID: row.updateID)
            if needed.contains(row.state) {
                entry.needed += 1
                stillNeeded.append(NeededPatch(server: row.server, updateID: row.updateID, kb: row.kb, title: row.title,
                                               classification: row.classification, policy: row.policy, severity: row.severity))
            }
            byPatch[row.updateID] = entry
        }
        return (Array(byPatch.values), stillNeeded)
    }

    /// Per tenant and per server, the figures of 'patch info --summary' as the status view draws them.
    static func status(_ context: ServiceContext) async throws -> ([StatusCounts], [StatusCounts]) {
        let summary = try await PatchQueryService(context: context).summaries(PatchInfoFilter())
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
        JobRow(id: job.id, state: job.state.rawValue, owner: job.ownerID, tenant: tenant, patches: job.patches.map(\.kb).joined(separator: " "),
               created: job.createdAt, servers: job.chains.map { chain in
                   let failed = chain.processes.last { $0.state == .failed && !$0.continuedAfterFailure }
                   return JobRow.Server(name: chain.serverName, state: chain.state.rawValue,
                                        processes: chain.processes.map { ($0.kind.rawValue, $0.state.rawValue) },
                                        message: failed.map { "\($0.kind.rawValue): \($0.message)" } ?? "")
               })
    }

    /// The servers in the user's scope with their counts (the same figures as 'patch info --summary').
    static func serverRows(_ rows: [PatchInfoRow]) -> [ServerRow] {
        PatchQueryService.summarize(rows).servers.map { s in
            ServerRow(name: s.server, tenant: s.tenant, reported: s.reported, lastReport: s.lastReport, requiredNeeded: s.requiredNeeded,
                      recommendedNeeded: s.recommendedNeeded, failed: s.failed, pendingReboot: s.pendingReboot)
        }
    }
}

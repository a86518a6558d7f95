import Console
import Foundation
import PatchbayCore
import Services
import Synchronization

/// The console's host: carries out the console's effects through the services, as the logged-in user (so
/// the role table applies), off the curses thread, and maps the services' answers to screen rows.
public final class ConsoleSession: Sendable {
    let store: any CMDBStore
    let templates: MailTemplates
    let login: LoginService
    let sessionGuard: SessionGuard
    /// The logged-in user's context, and a count of logins and session ends: an answer computed for one session
    /// is dropped when another has begun meanwhile.
    let context = Mutex<(current: ServiceContext?, generation: Int)>((nil, 0))
    let scripts: ScriptLibrary
    /// The server whose state history was read last: the same one again is a refresh, not a new look.
    let lastHistory = Mutex<String?>(nil)

    /// `scriptsFolder`: `jobs.scripts_dir`, the scripts a console user may choose from.
    public init(store: any CMDBStore, templates: MailTemplates, lockoutAttempts: Int, lockoutMinutes: Int, scriptsFolder: String?) {
        scripts = ScriptLibrary(folder: scriptsFolder)
        self.store = store
        self.templates = templates
        login = LoginService(context: ServiceContext(store: store, principal: .managementServer, templates: templates),
                             attempts: lockoutAttempts, minutes: lockoutMinutes)
        sessionGuard = SessionGuard(store: store)
    }

    public func handle(_ effect: ConsoleApp.Effect, progress: @escaping @Sendable (ConsoleApp.Event) -> Void) async -> ConsoleApp.Event? {
        switch effect {
        case .login(let id, let password): return await logIn(id, password, progress: progress)
        case .quit: return nil
        case .endSession(let reason):
            await end(because: reason)
            return nil
        case .checkSession:
            guard let current else { return nil }
            return await recheck(current)
        default:
            let (before, generation) = context.withLock { ($0.current, $0.generation) }
            guard let before else { return nil }
            // The user is read again before the effect and after it: nothing runs on rights revoked before it
            // started, and nothing read while they were being revoked is shown.
            if let ended = await recheck(before) { return ended }
            let result = await perform(effect)
            if let ended = await recheck(before) { return ended }
            return context.withLock { $0.generation } == generation ? result : nil
        }
    }

    /// Ends the session when its user no longer matches the identity it logged in with.
    private func recheck(_ context: ServiceContext) async -> ConsoleApp.Event? {
        guard case .user(let identity) = context.principal else { return nil }
        let reason: SessionEnd?
        do {
            reason = try await sessionGuard.check(identity)
        } catch {
            return nil // the CMDB could not be read; the effect itself reports that
        }
        guard let reason else { return nil }
        await end(because: reason)
        return .sessionEnded(reason)
    }

    /// Forgets the user (once, however many effects notice at the same time) and audits why.
    private func end(because reason: SessionEnd) async {
        let ended = context.withLock { state -> ServiceContext? in
            defer { if state.current != nil { state = (nil, state.generation + 1) } }
            return state.current
        }
        if case .user(let identity)? = ended?.principal { await sessionGuard.recordEnd(of: identity, because: reason) }
    }

    private func perform(_ effect: ConsoleApp.Effect) async -> ConsoleApp.Event? {
        switch effect {
        case .login, .quit, .endSession, .checkSession: return nil
        case .apply(let request): return await apply(request)
        case .loadJobs(let initial): return await loadJobs(initial: initial)
        case .jobAction(let id, let action, let server): return await act(action, jobID: id, server: server)
        case .rerunFailed(let id): return await rerun(jobID: id)
        case .loadStatus:
            guard let context = current, let (tenants, servers) = try? await ConsoleData.status(context) else { return nil }
            return .statusLoaded(tenants: tenants, servers: servers)
        case .loadPatchDetails(let id):
            guard let context = current, let details = try? await PatchQueryService(context: context).details(updateID: id) else { return nil }
            return .patchDetailsLoaded(details)
        case .refreshData(let since):
            guard let context = current else { return nil }
            guard let (rows, counter) = (try? await PatchQueryService(context: context).refreshed(PatchInfoFilter(), since: since)) ?? nil else {
                return .dataCurrent
            }
            return .dataReloaded(ConsoleData.session(rows, counter: counter, scripts: scripts.names()))
        case .loadServerHistory(let server):
            guard let context = current else { return nil }
            // Opening a server's details is audited once; reading them again (the CMDB changed, or the pane
            // reopened on the same server) is not.
            let refresh = lastHistory.withLock { last in defer { last = server }; return last == server }
            guard let changes = try? await PatchQueryService(context: context).stateHistory(server: server, limit: ServerDetailsPane.changesShown, audited: !refresh) else { return nil }
            return .serverHistoryLoaded(server: server, changes: changes)
        }
    }

    private var current: ServiceContext? { context.withLock { $0.current } }

    private func logIn(_ id: String, _ password: String, progress: @Sendable (ConsoleApp.Event) -> Void) async -> ConsoleApp.Event {
        do {
            let user = try await login.login(userID: id, password: password)
            progress(.loginAccepted)
            let context = ServiceContext(store: store, principal: .user(user.identity), templates: templates, channel: .console)
            self.context.withLock { $0 = (context, $0.generation + 1) }
            // One read of the patch status serves the patch list, the wizard and the server list. The counter is
            // read first: a change landing in between only makes the first refresh read again.
            let query = PatchQueryService(context: context)
            let counter = try await query.changeCounter()
            let rows = try await query.rows(PatchInfoFilter())
            return .loggedIn(user: user.id, language: user.language, data: ConsoleData.session(rows, counter: counter, scripts: scripts.names()))
        } catch {
            return .loginRefused
        }
    }

    private func apply(_ request: ApplyWizard.Request) async -> ConsoleApp.Event {
        guard let context = current else { return .applyRefused(Refusal(.notPermitted, "not logged in", remedy: .logInAgain)) }
        do {
            let job = try await JobService(context: context, scripts: scripts).apply(.init(
                servers: request.servers, patches: request.updateIDs, at: request.at, options: Job.Options(reboot: request.reboot), channel: .console,
                preScriptName: request.preScript, postScriptName: request.postScript))
            return .jobCreated(job.id)
        } catch {
            return .applyRefused(Self.refusal(error))
        }
    }

    private func loadJobs(initial: Bool) async -> ConsoleApp.Event? {
        guard let context = current else { return nil }
        let service = JobService(context: context)
        guard let jobs = try? await (initial ? service.list(.init(limit: 100)) : service.visible()) else { return nil }
        let runners = (try? await service.runnerHosts()) ?? []
        let names = (try? await service.tenantNames(of: jobs)) ?? [:]
        let rows = jobs.map { ConsoleData.jobRow($0, tenant: names[$0.tenantID] ?? "") }
        return .jobsLoaded(rows, runners: runners, at: Date())
    }

    private func act(_ action: JobChain.Action, jobID id: Int64, server: String?) async -> ConsoleApp.Event? {
        guard let context = current else { return nil }
        do {
            let job = try await JobService(context: context).act(action, jobID: id, server: server)
            return .jobActionDone(.acted(jobID: id, server: server, action: action, state: job.state))
        } catch {
            return .jobActionDone(.refused(Self.refusal(error)))
        }
    }

    private func rerun(jobID id: Int64) async -> ConsoleApp.Event? {
        guard let context = current else { return nil }
        do {
            let job = try await JobService(context: context).rerunFailed(jobID: id, channel: .console)
            return .jobActionDone(.rerun(jobID: id, newJobID: job.id))
        } catch {
            return .jobActionDone(.refused(Self.refusal(error)))
        }
    }

    /// The services' error as the screens take it: status, one-line message, and the fix as a value.
    static func refusal(_ error: any Error) -> Refusal {
        guard let error = error as? PatchbayError else { return Refusal(.unexpected, String(describing: error)) }
        return Refusal(error.status, error.message.replacingOccurrences(of: "\n", with: " "), remedy: error.remedy)
    }
}

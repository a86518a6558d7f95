import Foundation
import PatchbayCore

/// What a login brings: everything the lists, panes and wizard show, read once through the services.
public struct SessionData: Sendable, Hashable {
    public var patches: [PatchRow]
    public var servers: [ServerRow]
    /// update id → its state on each reported server in scope (approved patches only).
    public var states: [String: [ServerState]]
    /// Names of the scripts the wizard offers as pre/post scripts.
    public var scripts: [String]
    /// When it was read, and the CMDB's change counter then: the console reads again when the counter moves.
    public var at: Date
    public var counter: Int64

    public init(patches: [PatchRow], servers: [ServerRow], states: [String: [ServerState]] = [:], scripts: [String] = [], at: Date, counter: Int64 = 0) {
        self.patches = patches
        self.servers = servers
        self.states = states
        self.scripts = scripts
        self.at = at
        self.counter = counter
    }
}

/// The whole console as one pure state machine: `update(app, event)` returns the new state and what must
/// happen next (effects the terminal driver carries out); `render(app)` draws it onto a canvas.
public struct ConsoleApp: Sendable, Hashable {
    public enum Screen: Sendable, Hashable {
        case login(LoginScreen)
        case patches
        case servers
        case wizard(ApplyWizard)
        case monitor
        case status
    }

    public enum Event: Sendable, Hashable {
        case key(Key)
        case resize(width: Int, height: Int)
        case loggedIn(user: String, language: Language, data: SessionData)
        case patchDetailsLoaded(PatchDetails)
        case loginRefused
        /// The password was right; the session's data is being read.
        case loginAccepted
        case jobCreated(Int64)
        case applyRefused(Refusal)
        /// About once a second, from the terminal driver.
        case tick
        case jobsLoaded([JobRow], runners: [RunnerHost], at: Date)
        /// The service's answer to retry / continue / cancel / re-run: what happened, or why it was refused.
        case jobActionDone(JobActionResult)
        case statusLoaded(tenants: [StatusCounts], servers: [StatusCounts])
        /// The CMDB changed since the lists were read: the same lists, read again.
        case dataReloaded(SessionData)
        /// The CMDB had not changed (or could not be read): the lists stay as they are.
        case dataCurrent
        /// The newest changes of a server's install states, for its details pane.
        case serverHistoryLoaded(server: String, changes: [InstallStateChange])
        /// The services found the user changed since login (locked, deleted, another role or tenant).
        case sessionEnded(SessionEnd)
    }

    public enum Effect: Sendable, Hashable {
        case login(userID: String, password: String)
        case apply(ApplyWizard.Request)
        /// `initial`: the user opened the monitor (audited); otherwise a refresh.
        case loadJobs(initial: Bool)
        case jobAction(jobID: Int64, action: JobChain.Action, server: String?)
        case rerunFailed(jobID: Int64)
        case loadStatus
        case loadPatchDetails(updateID: String)
        /// Read the lists again if the CMDB's change counter moved past `since`.
        case refreshData(since: Int64)
        case loadServerHistory(server: String)
        /// The app ended the session itself (no key for `idleMinutes`); the host forgets the user and audits it.
        case endSession(SessionEnd)
        /// Re-read the user, so a session whose user changed ends even while nobody asks the services anything.
        case checkSession
        case quit
    }

    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public var screen = Screen.login(LoginScreen())
    /// The screens under the current one, most recent last: Back (Esc) returns to the top of this stack. The
    /// two lists are the bottom; Tab swaps them in place.
    public private(set) var below: [Screen] = []
    public var header: LoginScreen.Header
    public var strings: ConsoleStrings
    public var user: String?
    public var width: Int
    public var height: Int
    public var patchList = PatchListScreen(rows: [])
    public var serverList: ServerListScreen
    /// update id → its install state on each reported server in scope (the details panes).
    public var installStates: [String: [ServerState]] = [:]
    public var patchDetails: PatchDetails?
    public var scripts: [String] = []
    /// update id → its row in the patch list.
    var patchIndex: [String: Int] = [:]
    /// The approved patches on the server whose details pane is open, and the last changes of their states.
    public var serverPatches: [ServerPatch] = []
    public var serverHistory: ServerHistory?
    /// When the lists' data was read, the CMDB's change counter then, and whether a look at the counter (or
    /// the reload it led to) is under way: one at a time, however long a reload takes.
    public var dataReadAt: Date?
    public var dataCounter: Int64 = 0
    var refreshing = false
    var lastRefreshAt = Date(timeIntervalSince1970: 0)
    static let refreshSeconds: TimeInterval = 1
    public var monitor = JobMonitorScreen()
    public var status = StatusScreen()
    public let staleAfterDays: Int
    /// The themes F8 cycles through, and the one in use (the terminal driver applies it).
    public var themes: [String] = []
    public var theme = ""
    /// The wall clock, set by the terminal driver before each event (update itself never reads a clock).
    public var now = Date(timeIntervalSince1970: 0)
    /// The console's zone, the wizard's default for times typed for servers with no recorded zone (the driver's
    /// own, so update never reads the environment either).
    public var timeZone = TimeZone.current
    /// A session with no key for this long ends (0: never); `lastKeyAt` is when the user last pressed one.
    public let idleMinutes: Int
    public var lastKeyAt = Date(timeIntervalSince1970: 0)
    /// When the session last asked the host to re-read its user (the monitor's refreshes do that every second).
    var lastCheckAt = Date(timeIntervalSince1970: 0)
    static let sessionCheckSeconds: TimeInterval = 5

    public init(header: LoginScreen.Header, language: Language, width: Int, height: Int, staleAfterDays: Int = 7, idleMinutes: Int = 0) {
        self.header = header
        self.idleMinutes = idleMinutes
        self.staleAfterDays = staleAfterDays
        self.serverList = ServerListScreen(rows: [], staleAfterDays: staleAfterDays, now: Date(timeIntervalSince1970: 0))
        self.strings = ConsoleStrings(language)
        self.width = width
        self.height = height
    }

    public var pageHeight: Int { max(height - 5, 1) }

    /// Shows `next` over the current screen, which Back returns to.
    mutating func open(_ next: Screen) {
        below.append(screen)
        screen = next
    }

    /// Returns to the screen under the current one (the patch list when there is none).
    mutating func back() {
        screen = below.popLast() ?? .patches
    }

    /// Each (server, approved patch) still needed: what the wizard offers, derived from the install states when
    /// it opens rather than kept beside them.
    func neededPatches() -> [NeededPatch] {
        var result: [NeededPatch] = []
        for (updateID, states) in installStates {
            guard let index = patchIndex[updateID] else { continue }
            let patch = patchList.rows[index]
            for state in states where state.state.isNeeded {
                result.append(NeededPatch(server: state.server, updateID: updateID, kb: patch.kb, title: patch.title,
                                          classification: patch.classification, policy: patch.policy, severity: patch.severity, state: state.state))
            }
        }
        return result
    }

    /// Every approved patch's state on one server (computed when its details pane opens, not on every frame).
    func patches(on server: String) -> [ServerPatch] {
        var result: [ServerPatch] = []
        for (updateID, states) in installStates {
            guard let state = states.first(where: { $0.server == server }), let index = patchIndex[updateID] else { continue }
            let patch = patchList.rows[index]
            result.append(ServerPatch(kb: patch.kb, title: patch.title, severity: patch.severity, policy: patch.policy, state: state.state))
        }
        return result
    }

    /// A patch's state on every server in scope: those that reported, then those that have not yet.
    public func serverStates(of updateID: String) -> [ServerState] {
        (installStates[updateID] ?? []).sorted { $0.server < $1.server }
            + serverList.rows.filter { !$0.reported }.map { ServerState(server: $0.name, state: .notReportedYet) }
    }

    public static func update(_ app: ConsoleApp, _ event: Event) -> (ConsoleApp, [Effect]) {
        var app = app
        if case .key = event { app.lastKeyAt = app.now }
        if app.user != nil {
            if case .sessionEnded(let reason) = event { return (app.ended(reason), []) }
            if event == .tick, app.idleMinutes > 0, app.now.timeIntervalSince(app.lastKeyAt) >= Double(app.idleMinutes) * 60 {
                let reason = SessionEnd.idle(minutes: app.idleMinutes)
                return (app.ended(reason), [.endSession(reason)])
            }
        }
        if app.user == nil && event.belongsToSession { return (app, []) } // a late answer for a session that has ended
        if case .key(let key) = event, let global = GlobalKeys.bindings.action(for: key) {
            switch global {
            case .nextTheme:
                if let index = app.themes.firstIndex(of: app.theme) { app.theme = app.themes[(index + 1) % app.themes.count] }
            }
            return (app, [])
        }
        switch (event, app.screen) {
        case (.resize(let width, let height), _):
            app.width = width
            app.height = height
        case (.key(let key), .login(let login)):
            let (next, effect) = LoginScreen.update(login, key)
            app.screen = .login(next)
            switch effect {
            case .submit(let id, let password)?: return (app, [.login(userID: id, password: password)])
            case .quit?: return (app, [.quit])
            case nil: break
            }
        case (.loginAccepted, .login(var login)):
            login.accepted = true
            app.screen = .login(login)
        case (.loginRefused, .login(let login)):
            app.screen = .login(LoginScreen.refused(login, strings: app.strings))
        case (.loggedIn(let user, let language, let data), .login):
            let (patches, servers, at) = (data.patches, data.servers, data.at)
            app.user = user
            app.lastKeyAt = app.now
            app.installStates = data.states
            app.scripts = data.scripts
            app.strings = ConsoleStrings(language)
            app.monitor.language = language
            app.patchList = PatchListScreen(rows: patches, strings: app.strings)
            app.patchIndex = Dictionary(patches.enumerated().map { ($1.updateID, $0) }, uniquingKeysWith: { first, _ in first })
            app.serverList = ServerListScreen(rows: servers, staleAfterDays: app.staleAfterDays, now: at)
            app.dataReadAt = at
            app.dataCounter = data.counter
            app.refreshing = false
            app.lastRefreshAt = app.now
            app.screen = .patches
            app.below = []
        case (.key(let key), .patches):
            let (next, effect) = PatchListScreen.update(app.patchList, key, pageHeight: PatchListScreen.listHeight(app.patchList, height: app.height))
            app.patchList = next
            switch effect {
            case .details(let id)?: return (app, [.loadPatchDetails(updateID: id)])
            case .quit?: return (app, [.quit])
            case .showServers?: app.screen = .servers
            case .apply?: app.open(.wizard(app.wizard(preselected: [])))
            case .jobs?: app.open(.monitor); return (app, [.loadJobs(initial: true)])
            case .status?: app.status = StatusScreen(); app.open(.status); return (app, [.loadStatus])
            case nil: break
            }
        case (.key(let key), .servers):
            let (next, effect) = ServerListScreen.update(app.serverList, key, pageHeight: ServerListScreen.listHeight(app.serverList, height: app.height))
            app.serverList = next
            switch effect {
            case .details(let server)?:
                app.serverPatches = app.patches(on: server)
                return (app, [.loadServerHistory(server: server)])
            case .quit?: return (app, [.quit])
            case .showPatches?: app.screen = .patches
            case .jobs?: app.open(.monitor); return (app, [.loadJobs(initial: true)])
            case .status?: app.status = StatusScreen(); app.open(.status); return (app, [.loadStatus])
            case .apply?:
                let selected = app.serverList.current.map { [$0.name] } ?? []
                app.open(.wizard(app.wizard(preselected: Set(selected))))
            case nil: break
            }
        case (.key(let key), .wizard(let wizard)):
            let (next, effect) = ApplyWizard.update(wizard, key, pageHeight: ApplyWizard.pageHeight(height: app.height))
            app.screen = .wizard(next)
            switch effect {
            case .create(let request)?: return (app, [.apply(request)])
            case .close?: app.back()
            case .openMonitor(let id)?:
                // The finished wizard gives its place to the monitor: Back from there goes to the list.
                app.monitor.opened = id
                app.screen = .monitor
                return (app, [.loadJobs(initial: true)])
            case nil: break
            }
        case (.key(let key), .monitor):
            let (next, effect) = JobMonitorScreen.update(app.monitor, key, pageHeight: JobMonitorScreen.pageHeight(height: app.height))
            app.monitor = next
            switch effect {
            case .act(let id, let action, let server)?: return (app, [.jobAction(jobID: id, action: action, server: server)])
            case .rerun(let id)?: return (app, [.rerunFailed(jobID: id)])
            case .back?: app.back()
            case .quit?: return (app, [.quit])
            case nil: break
            }
        case (.key(let key), .status):
            let (next, effect) = StatusScreen.update(app.status, key, pageHeight: StatusScreen.pageHeight(height: app.height))
            app.status = next
            switch effect {
            case .back?: app.back()
            case .quit?: return (app, [.quit])
            case nil: break
            }
        case (.patchDetailsLoaded(let details), _):
            app.patchDetails = details
        case (.statusLoaded(let tenants, let servers), _):
            app.status = StatusScreen(tenants: tenants, servers: servers)
        case (.dataReloaded(let data), _):
            return app.reloaded(data)
        case (.dataCurrent, _):
            app.refreshing = false
        case (.serverHistoryLoaded(let server, let changes), _):
            app.serverHistory = ServerHistory(server: server, changes: changes)
        case (.tick, _) where app.user != nil:
            return app.ticked()
        case (.jobsLoaded(let jobs, let runners, let at), _):
            app.monitor = JobMonitorScreen.loaded(app.monitor, jobs: jobs, runners: runners, at: at)
        case (.jobActionDone(let result), .monitor):
            app.monitor.message = app.strings.jobActionResult(result)
            app.monitor.messageRefused = result.isRefusal
            return (app, [.loadJobs(initial: false)])
        case (.jobCreated(let id), .wizard(let wizard)):
            app.screen = .wizard(ApplyWizard.created(wizard, jobID: id))
        case (.applyRefused(let refusal), .wizard(let wizard)):
            app.screen = .wizard(ApplyWizard.refused(wizard, refusal))
        default:
            break
        }
        return (app, [])
    }

    /// A second went by: the monitor reads its jobs again, the lists look whether the CMDB changed, and now
    /// and then the user is read again (so a session whose user changed ends while nobody acts).
    func ticked() -> (ConsoleApp, [Effect]) {
        var app = self
        var effects: [Effect] = []
        if app.screen == .monitor { effects.append(.loadJobs(initial: false)) }
        if !app.refreshing && app.now.timeIntervalSince(app.lastRefreshAt) >= Self.refreshSeconds {
            app.refreshing = true
            app.lastRefreshAt = app.now
            effects.append(.refreshData(since: app.dataCounter))
        }
        if app.screen != .monitor && app.now.timeIntervalSince(app.lastCheckAt) >= Self.sessionCheckSeconds {
            app.lastCheckAt = app.now
            effects.append(.checkSession)
        }
        return (app, effects)
    }

    /// Swaps in the lists read again, keeping where the user is in them; the open status view and server
    /// details are read again too.
    func reloaded(_ data: SessionData) -> (ConsoleApp, [Effect]) {
        var app = self
        app.refreshing = false
        app.dataReadAt = data.at
        app.dataCounter = data.counter
        app.installStates = data.states
        app.scripts = data.scripts
        app.patchList = app.patchList.replacingRows(data.patches, strings: app.strings)
        app.patchIndex = Dictionary(data.patches.enumerated().map { ($1.updateID, $0) }, uniquingKeysWith: { first, _ in first })
        app.serverList = app.serverList.replacingRows(data.servers, now: data.at)
        var effects: [Effect] = []
        if app.serverList.showingDetails, let current = app.serverList.current {
            app.serverPatches = app.patches(on: current.name)
            effects.append(.loadServerHistory(server: current.name))
        }
        if app.screen == .status || app.below.contains(.status) { effects.append(.loadStatus) }
        return (app, effects)
    }

    /// Whether a key means anything now: a global key, or one in the table of the current screen in its mode.
    /// Any other key changes nothing (the key-table test holds the app to that).
    public func answers(_ key: Key) -> Bool {
        if GlobalKeys.bindings.action(for: key) != nil { return true }
        switch screen {
        case .login(let login): return LoginScreen.keys(login).action(for: key) != nil
        case .patches: return PatchListScreen.keys(patchList).action(for: key) != nil
        case .servers: return ServerListScreen.keys(serverList).action(for: key) != nil
        case .wizard(let wizard): return ApplyWizard.keys(wizard).action(for: key) != nil
        case .monitor: return JobMonitorScreen.keys(monitor).action(for: key) != nil
        case .status: return StatusScreen.keys(status).action(for: key) != nil
        }
    }

    /// A fresh console on the login screen that says why the session ended: nothing of the session's data,
    /// screens or selections survives. Size, theme and language stay.
    func ended(_ reason: SessionEnd) -> ConsoleApp {
        var fresh = ConsoleApp(header: header, language: strings.language, width: width, height: height, staleAfterDays: staleAfterDays,
                               idleMinutes: idleMinutes)
        fresh.themes = themes
        fresh.theme = theme
        fresh.now = now
        fresh.lastKeyAt = now
        fresh.timeZone = timeZone
        var login = LoginScreen()
        login.message = strings.sessionEnded(reason)
        fresh.screen = .login(login)
        return fresh
    }

    func wizard(preselected: Set<String>) -> ApplyWizard {
        ApplyWizard(servers: serverList.rows, needed: neededPatches(), preselected: preselected, now: now, timeZone: timeZone,
                    staleAfterDays: staleAfterDays, scripts: scripts)
    }

    public static func render(_ app: ConsoleApp) -> Canvas {
        guard app.width >= minimumWidth, app.height >= minimumHeight else {
            var canvas = Canvas(width: app.width, height: app.height)
            canvas.put(app.strings.tooSmall, row: 0, column: 0, role: .error)
            canvas.put("\(app.width)×\(app.height)", row: min(1, max(app.height - 1, 0)), column: 0, role: .muted)
            return canvas
        }
        switch app.screen {
        case .login(let login):
            return LoginScreen.render(login, header: app.header, strings: app.strings, width: app.width, height: app.height)
        case .patches:
            return PatchListScreen.render(app.patchList, strings: app.strings, user: app.user ?? "", width: app.width, height: app.height, readAt: app.dataReadAt,
                                          details: app.patchDetails,
                                          servers: app.patchList.showingDetails ? app.patchList.current.map { app.serverStates(of: $0.updateID) } ?? [] : [])
        case .servers:
            return ServerListScreen.render(app.serverList, strings: app.strings, user: app.user ?? "", width: app.width, height: app.height, readAt: app.dataReadAt,
                                           patches: app.serverPatches,
                                           history: app.serverHistory.flatMap { $0.server == app.serverList.current?.name ? $0.changes : nil })
        case .wizard(let wizard):
            return ApplyWizard.render(wizard, strings: app.strings, width: app.width, height: app.height)
        case .status:
            return StatusScreen.render(app.status, strings: app.strings, user: app.user ?? "", width: app.width, height: app.height,
                                       sources: "CMDB \(app.header.cmdb)  WSUS \(app.header.wsus)")
        case .monitor:
            return JobMonitorScreen.render(app.monitor, strings: app.strings, user: app.user ?? "", width: app.width, height: app.height, now: app.now)
        }
    }
}

extension ConsoleApp.Event {
    /// Answers that carry a logged-in session's data or outcomes (what a session that ended must not show).
    var belongsToSession: Bool {
        switch self {
        case .patchDetailsLoaded, .jobCreated, .applyRefused, .jobsLoaded, .jobActionDone, .statusLoaded, .sessionEnded, .dataReloaded,
             .dataCurrent, .serverHistoryLoaded: return true
        case .key, .resize, .loggedIn, .loginRefused, .loginAccepted, .tick: return false
        }
    }
}

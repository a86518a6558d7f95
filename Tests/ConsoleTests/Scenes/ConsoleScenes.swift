import Console
import Foundation
import PatchbayCore

/// One screen in one mode, reached the way a user reaches it: from the login screen, by keys and by what the
/// services answer. The goldens draw every scene; the key-table test presses every key in every scene.
struct Scene: Sendable {
    var name: String
    var app: ConsoleApp
    /// Keys of the scene's script that the screen it was on did not answer (a script that is wrong).
    var unanswered: [String] = []

    init(_ name: String, _ app: ConsoleApp) {
        self.name = name
        self.app = app
    }

    func then(_ name: String, keys: [Key] = [], events: [ConsoleApp.Event] = []) -> Scene {
        var next = self
        next.name = name
        for key in keys {
            if !next.app.answers(key) { next.unanswered.append("\(name): \(key.label)") }
            next.app = ConsoleApp.update(next.app, .key(key)).0
        }
        for event in events { next.app = ConsoleApp.update(next.app, event).0 }
        return next
    }

    func typing(_ name: String, _ text: String) -> Scene {
        then(name, keys: text.map { Key.character($0) })
    }
}

enum ConsoleScenes {
    static let header = LoginScreen.Header(product: "Patchbay", version: "1.0.0", cmdb: "/var/lib/patchbay/cmdb.sqlite",
                                           wsus: "https://wsus01.corp.example:8531")

    static func start(_ language: Language, width: Int, height: Int) -> Scene {
        var app = ConsoleApp(header: header, language: language, width: width, height: height)
        app.now = SampleSite.now
        app.lastKeyAt = SampleSite.now
        app.timeZone = TimeZone(identifier: "UTC")!
        return Scene("login", app)
    }

    /// Every screen and mode, in the order a user meets them.
    static func all(_ language: Language, width: Int, height: Int) -> [Scene] {
        let login = start(language, width: width, height: height)
        let typed = login.typing("login-typed", "acme-admin").then("login-typed", keys: [.tab]).typing("login-typed", "secret")
        let checking = typed.then("login-checking", keys: [.enter])
        let refused = checking.then("login-refused", events: [.loginRefused])
        let patches = checking.then("patches", events: [.loginAccepted, .loggedIn(user: "acme-admin", language: language, data: SampleSite.session)])
        let ended = patches.then("login-session-ended", events: [.sessionEnded(.locked)])
        let servers = patches.then("servers", keys: [.tab])
        let wizard = servers.then("wizard-1-servers", keys: [.down, .down, .down, .character("a")])
        let patchType = wizard.then("wizard-2-patch-type", keys: [.enter])
        let patchStep = patchType.then("wizard-3-patches", keys: [.enter])
        let method = patchStep.then("wizard-4-method", keys: [.enter])
        let timed = method.then("wizard-4-method-at", keys: [.down, .character(" ")]).typing("wizard-4-method-at", "2023-12-21 02:00")
        let confirm = timed.then("wizard-5-confirm", keys: [.enter])
        let creating = confirm.then("wizard-5-creating", keys: [.enter])
        let monitor = patches.then("monitor-jobs", keys: [.character("m")], events: [.jobsLoaded(SampleSite.jobs, runners: SampleSite.runners, at: SampleSite.now)])
        let jobServers = monitor.then("monitor-job-servers", keys: [.down, .enter])
        let status = patches.then("status", keys: [.character("v")], events: [.statusLoaded(tenants: SampleSite.tenantCounts, servers: SampleSite.serverCounts)])
        return [
            login, typed, checking, refused, ended,
            patches,
            patches.then("patches-details", keys: [.character("d")], events: [.patchDetailsLoaded(SampleSite.details)]),
            patches.then("patches-filtering", keys: [.character("/")]).typing("patches-filtering", "2019"),
            patches.then("patches-filtered", keys: [.character("/")]).typing("patches-filtered", "server 2022").then("patches-filtered", keys: [.enter]),
            patches.then("patches-presets", keys: [.character("p"), .down, .character(" ")]),
            // Three presets and the time read do not fit one title bar at 80 columns: the time gives way.
            patches.then("patches-presets-many", keys: [.character("p"), .down, .character(" "), .down, .character(" "), .down, .down, .character(" "), .escape]),
            patches.then("patches-help", keys: [.character("?")]),
            servers,
            servers.then("servers-details", keys: [.character("d")]),
            servers.then("servers-details-history", keys: [.down, .down, .character("d")],
                         events: [.serverHistoryLoaded(server: "ACME-SQL01", changes: SampleSite.history)]),
            servers.then("servers-help", keys: [.character("?")]),
            wizard,
            wizard.then("wizard-1-no-server", keys: [.character(" "), .enter]),
            patchType, patchStep,
            servers.then("wizard-3-no-patches", keys: [.end, .character("a"), .enter, .down, .character(" "), .enter]),
            method, timed,
            method.then("wizard-4-method-past", keys: [.down, .character(" ")]).typing("wizard-4-method-past", "2023-12-01 02:00").then("wizard-4-method-past", keys: [.enter]),
            confirm, creating,
            creating.then("wizard-5-refused", events: [.applyRefused(Refusal(.notPermitted, "ACME-WEB01 is in a maintenance freeze until 2023-12-22",
                                                                             remedy: .laterStartOrNow))]),
            creating.then("wizard-6-done", events: [.jobCreated(5)]),
            patches.then("monitor-reading", keys: [.character("m")]),
            monitor,
            monitor.then("monitor-help", keys: [.character("?")]),
            monitor.then("monitor-confirm-cancel", keys: [.character("c")]),
            jobServers,
            jobServers.then("monitor-server-log", keys: [.enter]),
            monitor.then("monitor-job-waiting", keys: [.down, .down, .enter]),
            // A failed install's log: its Windows Update code explained in the reader's language.
            monitor.then("monitor-failed-log", keys: [.down, .down, .enter, .enter]),
            monitor.then("monitor-refused", keys: [.down, .down, .character("r")],
                         events: [.jobActionDone(.refused(Refusal(.notPermitted, "job 2 belongs to acme-user", remedy: .showJob(2, .state))))]),
            monitor.then("monitor-no-runner", events: [.jobsLoaded(SampleSite.jobs, runners: [], at: SampleSite.now)]),
            // One of two hosts was cut off: its daemon sends no heartbeat; the other goes on with the jobs.
            monitor.then("monitor-runner-silent", events: [.jobsLoaded(SampleSite.jobs, runners: [RunnerHost(host: "mgmt01", alive: true),
                                                                                                  RunnerHost(host: "mgmt02", alive: false)],
                                                                       at: SampleSite.now)]),
            patches.then("status-reading", keys: [.character("v")]),
            status,
            status.then("status-help", keys: [.character("?")]),
        ]
    }
}

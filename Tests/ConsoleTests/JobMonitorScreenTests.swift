import Console
import Foundation
import PatchbayCore
import Testing

@Suite("Console: job monitor")
struct JobMonitorScreenTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func job(_ id: Int64, _ state: String, server: String = "WEB01", processes: [(String, String)]) -> JobRow {
        JobRow(id: id, state: state, owner: "acme-user", tenant: "acme", patches: "KB5033118", created: now,
               servers: [.init(name: server, state: state, processes: processes, message: state == "waiting-for-action" ? "patch-application: 0x80070643" : "")])
    }

    @Test("the monitor asks for jobs when opened and on every tick, keeps the selected job across refreshes, and warns when no runner lives")
    func refresh() {
        var app = ConsoleApp(header: .init(product: "Patchbay", version: "0", cmdb: "c", wsus: "w"), language: .en, width: 100, height: 30)
        app = ConsoleApp.update(app, .loggedIn(user: "acme-user", language: .en, patches: [], servers: [], needed: [], states: [:], at: Self.now)).0
        var effects: [ConsoleApp.Effect]
        (app, effects) = ConsoleApp.update(app, .key(.character("m")))
        #expect(effects == [.loadJobs(initial: true)])
        #expect(ConsoleApp.update(app, .tick).1 == [.loadJobs(initial: false)])
        let running = Self.job(2, "running", processes: [("operation-check", "succeeded"), ("patch-application", "running"), ("verification", "pending")])
        let done = Self.job(1, "completed", processes: [("operation-check", "succeeded"), ("verification", "succeeded")])
        app = ConsoleApp.update(app, .jobsLoaded([running, done], runnerAlive: false, at: Self.now)).0
        app = ConsoleApp.update(app, .key(.down)).0
        var text = ConsoleApp.render(app).text
        #expect(text.contains("No job runner is alive"))
        #expect(text.contains("2     running") && text.contains("1     completed"))
        let newer = Self.job(3, "scheduled", processes: [("schedule-standby", "pending")])
        app = ConsoleApp.update(app, .jobsLoaded([newer, running, done], runnerAlive: true, at: Self.now)).0
        #expect(app.monitor.jobs[app.monitor.selected].id == 1, "the selection follows the job, not the row")
        app = ConsoleApp.update(app, .key(.enter)).0
        text = ConsoleApp.render(app).text
        #expect(text.contains("Job 1  completed") && text.contains("WEB01") && text.contains("●●") && !text.contains("No job runner"))
        #expect(ConsoleApp.update(app, .key(.escape)).0.monitor.opened == nil)
    }

    @Test("r, n and c ask the service to retry, continue or cancel the selected job; its answer is shown")
    func actions() {
        var state = JobMonitorScreen.loaded(JobMonitorScreen(), jobs: [Self.job(5, "waiting-for-action", processes: [("patch-application", "failed")])],
                                            runnerAlive: true, at: Self.now)
        #expect(JobMonitorScreen.update(state, .character("r")).1 == .act(jobID: 5, action: "retry"))
        #expect(JobMonitorScreen.update(state, .character("n")).1 == .act(jobID: 5, action: "continue"))
        #expect(JobMonitorScreen.update(state, .character("c")).1 == .act(jobID: 5, action: "cancel"))
        state.message = "infra may not retry job 5"
        let text = JobMonitorScreen.render(state, strings: ConsoleStrings(.en), user: "infra", width: 80, height: 24).text
        #expect(text.contains("infra may not retry job 5"))
    }
}

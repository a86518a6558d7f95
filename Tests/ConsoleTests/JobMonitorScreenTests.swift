import Console
import Foundation
import PatchbayCore
import Testing

@Suite("Console: job monitor")
struct JobMonitorScreenTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func job(_ id: Int64, _ state: JobState, server: String = "WEB01", processes: [(ProcessKind, ProcessState)]) -> JobRow {
        // The one server's chain is in the job's state (a scheduled job's chain is pending).
        JobRow(id: id, state: state, owner: "acme-user", tenant: "acme", patches: "KB5033118", created: now,
               servers: [.init(name: server, state: JobChain.State(rawValue: state.rawValue) ?? .pending,
                               processes: processes.map { JobRow.Process(kind: $0.0, state: $0.1) },
                               message: state == .waitingForAction ? "patch-application: 0x80070643" : "")])
    }

    @Test("the monitor asks for jobs when opened and on every tick, keeps the selected job across refreshes, and warns when no runner lives")
    func refresh() {
        var app = ConsoleApp(header: .init(product: "Patchbay", version: "0", cmdb: "c", wsus: "w"), language: .en, width: 100, height: 30)
        app = ConsoleApp.update(app, .loggedIn(user: "acme-user", language: .en, data: SessionData(patches: [], servers: [], states: [:], at: Self.now))).0
        var effects: [ConsoleApp.Effect]
        (app, effects) = ConsoleApp.update(app, .key(.character("m")))
        #expect(effects == [.loadJobs(initial: true)])
        #expect(ConsoleApp.update(app, .tick).1 == [.loadJobs(initial: false)])
        let running = Self.job(2, .running, processes: [(.operationCheck, .succeeded), (.patchApplication, .running), (.verification, .pending)])
        let done = Self.job(1, .completed, processes: [(.operationCheck, .succeeded), (.verification, .succeeded)])
        app = ConsoleApp.update(app, .jobsLoaded([running, done], runners: [], at: Self.now)).0
        app = ConsoleApp.update(app, .key(.down)).0
        var text = ConsoleApp.render(app).text
        #expect(text.contains("No job runner is alive"))
        #expect(text.contains("2     running") && text.contains("1     completed"))
        let newer = Self.job(3, .scheduled, processes: [(.scheduleStandby, .pending)])
        app = ConsoleApp.update(app, .jobsLoaded([newer, running, done], runners: SampleSite.runners, at: Self.now)).0
        #expect(app.monitor.jobs[app.monitor.selected].id == 1, "the selection follows the job, not the row")
        app = ConsoleApp.update(app, .key(.enter)).0
        text = ConsoleApp.render(app).text
        #expect(text.contains("Job 1  completed") && text.contains("WEB01") && text.contains("●●") && !text.contains("No job runner"))
        #expect(ConsoleApp.update(app, .key(.escape)).0.monitor.opened == nil)
    }

    @Test("r, n and c ask the service to retry, continue or cancel the selected job (n, c and R only after y); its answer is shown")
    func actions() {
        var state = JobMonitorScreen.loaded(JobMonitorScreen(), jobs: [Self.job(5, .waitingForAction, processes: [(.patchApplication, .failed)])],
                                            runners: SampleSite.runners, at: Self.now)
        #expect(JobMonitorScreen.update(state, .character("r")).1 == .act(jobID: 5, action: .retry, server: nil))
        func confirmed(_ key: Character) -> (asked: String, effect: JobMonitorScreen.Effect?) {
            let (asking, effect) = JobMonitorScreen.update(state, .character(key))
            #expect(effect == nil, "a dangerous key only asks")
            let asked = JobMonitorScreen.render(asking, strings: ConsoleStrings(.en), user: "u", width: 100, height: 24, now: Self.now).text
            let (dropped, none) = JobMonitorScreen.update(asking, .character("x"))
            #expect(none == nil && dropped.confirming == nil, "any other key drops it")
            return (asked, JobMonitorScreen.update(asking, .character("y")).1)
        }
        let cancel = confirmed("c")
        #expect(cancel.asked.contains("Cancel job 5?") && cancel.asked.contains("y Yes  other keys No") && cancel.effect == .act(jobID: 5, action: .cancel, server: nil))
        #expect(confirmed("n").effect == .act(jobID: 5, action: .continue, server: nil))
        let rerun = confirmed("R")
        #expect(rerun.asked.contains("Run job 5's failed servers again as a new job?") && rerun.effect == .rerun(jobID: 5))
        state.mode = .help
        let help = JobMonitorScreen.render(state, strings: ConsoleStrings(.en), user: "u", width: 100, height: 24, now: Self.now).text
        #expect(help.split(separator: "\n").first { $0.contains("Cancel") }?.contains("(asks first)") == true, "\(help)")
        #expect(help.split(separator: "\n").first { $0.contains("Retry") }?.contains("(asks first)") == false)
        state.mode = .browsing
        state.message = "infra may not retry job 5"
        let text = JobMonitorScreen.render(state, strings: ConsoleStrings(.en), user: "infra", width: 80, height: 24, now: Self.now).text
        #expect(text.contains("infra may not retry job 5"))
    }

    @Test("a refusal too long for one line wraps onto two at 80 columns, in Japanese too, keeping its end")
    func longRefusal() {
        var state = JobMonitorScreen.loaded(JobMonitorScreen(), jobs: [Self.job(2, .cancelled, processes: [(.verification, .cancelled)])],
                                            runners: SampleSite.runners, at: Self.now)
        for language in [Language.en, .ja] {
            let strings = ConsoleStrings(language)
            state.message = strings.refusal(Refusal(.badArguments, "cancel does not fit job 2: GLX-APP02: the job's owner globex-user (tenant user) may no longer apply patches to the server"))
            let lines = JobMonitorScreen.render(state, strings: strings, user: "globex-user", width: 80, height: 24, now: Self.now).text
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines[21].contains("cancel does not fit job 2"), "\(language): \(lines[21])")
            #expect(lines[22].hasSuffix("to the server"), "\(language): \(lines[22])")
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= 80 })
        }
    }

    @Test("elapsed times per job and server; Enter opens a job, then a server's process log with times, messages and agent output; r acts on that server")
    func drillDown() {
        let t0 = Self.now.addingTimeInterval(-125)
        let failing = JobRow.Server(name: "WEB02", state: .waitingForAction, processes: [
            .init(kind: .operationCheck, state: .succeeded, startedAt: t0, finishedAt: t0.addingTimeInterval(2)),
            .init(kind: .patchApplication, state: .failed, startedAt: t0.addingTimeInterval(2), finishedAt: t0.addingTimeInterval(65),
                  message: "0x80070643 (ERROR_INSTALL_FAILURE): fatal error during installation",
                  output: "downloading KB5033118\ninstalling KB5033118\nresult 0x80070643"),
            .init(kind: .verification, state: .pending),
        ], message: "patch-application: 0x80070643")
        let fine = JobRow.Server(name: "WEB01", state: .completed, processes: [
            .init(kind: .operationCheck, state: .succeeded, startedAt: t0, finishedAt: t0.addingTimeInterval(1)),
            .init(kind: .verification, state: .succeeded, startedAt: t0.addingTimeInterval(1), finishedAt: t0.addingTimeInterval(30)),
        ], message: "")
        let job = JobRow(id: 7, state: .waitingForAction, owner: "acme-user", tenant: "acme", patches: "KB5033118", created: t0, servers: [fine, failing])
        var state = JobMonitorScreen.loaded(JobMonitorScreen(), jobs: [job], runners: SampleSite.runners, at: Self.now)
        let strings = ConsoleStrings(.en)
        var text = JobMonitorScreen.render(state, strings: strings, user: "u", width: 100, height: 24, now: Self.now).text
        #expect(text.contains("ELAPSED") && text.contains("2m05s"), "the job runs on while a server waits: \(text)")
        state = JobMonitorScreen.update(state, .enter).0
        text = JobMonitorScreen.render(state, strings: strings, user: "u", width: 100, height: 24, now: Self.now).text
        #expect(text.contains("WEB01") && text.contains("30s") && text.contains("●●"), "a finished server keeps its time: \(text)")
        state = JobMonitorScreen.update(state, .down).0
        #expect(JobMonitorScreen.update(state, .character("r")).1 == .act(jobID: 7, action: .retry, server: "WEB02"))
        state = JobMonitorScreen.update(state, .enter).0
        text = JobMonitorScreen.render(state, strings: strings, user: "u", width: 100, height: 24, now: Self.now).text
        #expect(text.contains("Job 7 — WEB02"), "\(text)")
        #expect(text.contains("✗ patch-application") && text.contains("1m03s") && text.contains("ERROR_INSTALL_FAILURE"))
        #expect(text.contains("│ installing KB5033118") && text.contains("○ verification"))
        state = JobMonitorScreen.update(state, .escape).0
        #expect(state.openedServer == nil && state.opened == 7)
        state = JobMonitorScreen.update(state, .escape).0
        #expect(state.opened == nil)
        #expect(JobMonitorScreen.update(state, .escape).1 == .back)
        #expect(Elapsed.text(from: t0, to: t0.addingTimeInterval(7384), now: Self.now) == "2h03m")
        #expect(Elapsed.text(from: nil, to: nil, now: Self.now) == "–")
    }

    @Test("in Japanese the monitor names states and processes in Japanese, and the service's answers say what happened in Japanese")
    func japanese() {
        var app = ConsoleApp(header: .init(product: "Patchbay", version: "0", cmdb: "c", wsus: "w"), language: .ja, width: 100, height: 30)
        app = ConsoleApp.update(app, .loggedIn(user: "globex-user", language: .ja, data: SessionData(patches: [], servers: [], states: [:], at: Self.now))).0
        app = ConsoleApp.update(app, .key(.character("m"))).0
        let waiting = Self.job(4, .waitingForAction, processes: [(.operationCheck, .succeeded), (.patchApplication, .failed)])
        app = ConsoleApp.update(app, .jobsLoaded([waiting], runners: SampleSite.runners, at: Self.now)).0
        var text = ConsoleApp.render(app).text
        #expect(text.contains("対応待ち") && !text.contains("waiting-for-action"), "\(text)")
        app = ConsoleApp.update(app, .jobActionDone(.acted(jobID: 4, server: nil, action: .retry, state: .running))).0
        text = ConsoleApp.render(app).text
        #expect(text.contains("ジョブ 4: 再試行を受け付けました。ジョブの状態: 実行中"), "\(text)")
        app = ConsoleApp.update(app, .jobActionDone(.refused(Refusal(.notPermitted, "globex-user may not continue job 4")))).0
        text = ConsoleApp.render(app).text
        #expect(text.contains("権限がありません: globex-user may not continue job 4") && app.monitor.messageRefused)
        app = ConsoleApp.update(app, .jobActionDone(.rerun(jobID: 4, newJobID: 5))).0
        #expect(ConsoleApp.render(app).text.contains("ジョブ 4: 失敗したサーバーをジョブ 5 として再実行します") && !app.monitor.messageRefused)
        app = ConsoleApp.update(app, .key(.enter)).0
        app = ConsoleApp.update(app, .key(.enter)).0
        text = ConsoleApp.render(app).text
        #expect(text.contains("稼働確認") && text.contains("パッチ適用") && text.contains("失敗"), "\(text)")
        let english = ConsoleStrings(.en)
        #expect(english.jobActionResult(.acted(jobID: 4, server: "WEB01", action: .retry, state: .running)) == "job 4 on WEB01: retry done; the job is running")
        #expect(english.refusal(Refusal(.notPermitted, "no")) == "no")
    }

    @Test("a scheduled job shows how long until it starts, and when (UTC), instead of an elapsed time")
    func scheduled() {
        let start = Self.now.addingTimeInterval(2 * 86_400 + 4 * 3600 + 60)
        var job = Self.job(9, .scheduled, processes: [(.scheduleStandby, .pending)])
        job.scheduledAt = start
        var state = JobMonitorScreen.loaded(JobMonitorScreen(), jobs: [job], runners: SampleSite.runners, at: Self.now)
        var text = JobMonitorScreen.render(state, strings: ConsoleStrings(.en), user: "u", width: 100, height: 24, now: Self.now).text
        #expect(text.contains("9     scheduled") && text.contains("in 2d04h"), "\(text)")
        state = JobMonitorScreen.update(state, .enter).0
        text = JobMonitorScreen.render(state, strings: ConsoleStrings(.en), user: "u", width: 100, height: 24, now: Self.now).text
        #expect(text.contains("Job 9  scheduled  starts 2026-11-20 15:07 UTC (in 2d04h)"), "\(text)")
        let japanese = JobMonitorScreen.render(state, strings: ConsoleStrings(.ja), user: "u", width: 100, height: 24, now: Self.now).text
        #expect(japanese.contains("予約済み  開始 2026-11-20 15:07 UTC (2d04h 後)"), "\(japanese)")
        let later = start.addingTimeInterval(10)
        #expect(!JobMonitorScreen.render(state, strings: ConsoleStrings(.en), user: "u", width: 100, height: 24, now: later).text.contains("starts"),
                "once the time has come, the job is about to run, not waiting")
    }
}

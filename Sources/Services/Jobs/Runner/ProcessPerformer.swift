import Foundation
import PatchbayCore

/// Carries out one process of a chain through the agent and WSUS, and says how it ended.
struct ProcessPerformer {
    let agent: any PatchAgent
    let states: any InstallStateReader
    let verifyInterval: Duration

    /// `progress`: where the agent's progress inside an install goes (the monitor shows it); `restarts`: the
    /// restarts this job has made on the server, which `jobs.max_restarts` caps.
    func perform(_ kind: ProcessKind, job: Job, target: JobTarget, now: Date, progress: @escaping ProgressSink = { _ in },
                 restarts: RestartLedger = .uncounted) async -> AgentResult {
        do {
            switch kind {
            case .scheduleStandby:
                let when = job.scheduledAt.map { "started at the scheduled time \(UTCTime.iso($0))" } ?? "started at once (no schedule)"
                return AgentResult(succeeded: true, message: when)
            case .operationCheck:
                return try await agent.checkOperation(on: target)
            case .preScript:
                return try await agent.runScript(job.options.preScript, kind: kind, on: target)
            case .postScript:
                return try await agent.runScript(job.options.postScript, kind: kind, on: target)
            case .patchApplication:
                return try await install(job: job, target: target, progress: progress, restarts: restarts)
            case .reboot:
                let used = try await restarts.count()
                guard used < restarts.limit else {
                    return AgentResult(succeeded: false, message: "\(target.server.name) was restarted \(used) time(s) by this job already (jobs.max_restarts \(restarts.limit));"
                                       + " restart it by hand if it still needs it, then continue")
                }
                let result = try await agent.reboot(target)
                if result.succeeded { _ = try await restarts.record() }
                return result
            case .verification:
                return try await verify(job: job, target: target)
            }
        } catch let failure as AgentFailure {
            return AgentResult(succeeded: false, message: failure.message, output: failure.output)
        } catch is CancellationError {
            return AgentResult(succeeded: false, message: "interrupted")
        } catch {
            return AgentResult(succeeded: false, message: String(describing: error))
        }
    }

    /// Installs; a server that waits for a restart installs nothing, so it is restarted first when the job may
    /// restart, and again while the restart stays pending, at most `restarts.limit` times in the job: a restart
    /// that never clears (a KB asking for one after every restart) ends as a restart loop, not a loop.
    func install(job: Job, target: JobTarget, progress: @escaping ProgressSink, restarts: RestartLedger) async throws -> AgentResult {
        var report = try await agent.install(job.patches, on: target, progress: progress)
        var output = ""
        while !report.restartRequired.isEmpty {
            output += report.output
            let reasons = report.restartRequired.joined(separator: ", ")
            let server = target.server.name
            guard job.options.reboot else {
                return AgentResult(succeeded: false,
                                   message: "\(server) waits for a restart (\(reasons)) and Windows installs nothing until it restarts; this job may not"
                                   + " restart it: restart the server, then retry (or apply again with a restart allowed)", output: output)
            }
            let used = try await restarts.count()
            guard used < restarts.limit else {
                return AgentResult(succeeded: false,
                                   message: "restart loop: \(job.patches.map(\.kb).joined(separator: ", ")) still needed after \(used) restart(s) of \(server);"
                                   + " it still waits for a restart (\(reasons)). See the server's CBS and WindowsUpdate logs (jobs.max_restarts \(restarts.limit)),"
                                   + " then retry, or continue without it", output: output)
            }
            let restarted = try await agent.reboot(target)
            output += "restart \(used + 1) of at most \(restarts.limit) before installing: \(restarted.message)\n" + restarted.output
            guard restarted.succeeded else { return AgentResult(succeeded: false, message: restarted.message, output: output) }
            _ = try await restarts.record()
            report = try await agent.install(job.patches, on: target, progress: progress)
        }
        var result = InstallSummary.result(of: report, server: target.server.name)
        result.output = output + result.output
        return result
    }

    /// Watches WSUS until every patch shows installed (or installed, waiting for a restart), a failure shows,
    /// or the job's monitoring time runs out. At least one look is always taken.
    func verify(job: Job, target: JobTarget) async throws -> AgentResult {
        let deadline = ContinuousClock.now + .seconds(max(job.options.monitorSeconds, 0))
        var output = ""
        while true {
            let current = try await states.states(of: target)
            var waiting: [String] = []
            var failed: [String] = []
            var pending: [String] = []
            // What WSUS has heard from the server since the install; what it has not heard yet is no observation.
            var observed: [String: InstallState] = [:]
            for patch in job.patches {
                let state = current[patch.key.updateID] ?? .unknown
                switch state {
                case .installed: observed[patch.key.updateID] = state
                case .pendingReboot: pending.append(patch.kb); observed[patch.key.updateID] = state
                case .failed: failed.append(patch.kb); observed[patch.key.updateID] = state
                case .notInstalled, .downloaded, .notApplicable, .unknown, .notReportedYet: waiting.append("\(patch.kb) (\(state.rawValue))")
                }
            }
            output += "\(UTCTime.iso(Date())) WSUS: \(job.patches.count - waiting.count - failed.count) of \(job.patches.count) installed"
                + (pending.isEmpty ? "" : ", \(pending.count) waiting for a restart") + "\n"
            if !failed.isEmpty {
                return AgentResult(succeeded: false, message: "WSUS reports \(failed.joined(separator: ", ")) failed on \(target.server.name); see the patch application output, then retry",
                                   output: output, observed: observed)
            }
            if waiting.isEmpty {
                let note = pending.isEmpty ? "" : "; \(pending.joined(separator: ", ")) wait for a restart"
                return AgentResult(succeeded: true, message: "WSUS shows all \(job.patches.count) patch(es) installed on \(target.server.name)\(note)", output: output,
                                   observed: observed)
            }
            if ContinuousClock.now >= deadline {
                return AgentResult(succeeded: false,
                                   message: "WSUS does not show \(waiting.joined(separator: ", ")) installed on \(target.server.name) after \(job.options.monitorSeconds) s;"
                                   + " the server may not have reported yet — retry to look again",
                                   output: output, observed: observed)
            }
            try await Task.sleep(for: min(verifyInterval, deadline - ContinuousClock.now))
        }
    }
}

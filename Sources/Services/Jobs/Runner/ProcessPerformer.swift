import Foundation
import PatchbayCore

/// Carries out one process of a chain through the agent and WSUS, and says how it ended.
struct ProcessPerformer {
    let agent: any PatchAgent
    let states: any InstallStateReader
    let verifyInterval: Duration

    /// `progress`: where the agent's progress inside an install goes (the monitor shows it).
    func perform(_ kind: ProcessKind, job: Job, target: JobTarget, now: Date, progress: @escaping ProgressSink = { _ in }) async -> AgentResult {
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
                let report = try await agent.install(job.patches, on: target, progress: progress)
                return InstallSummary.result(of: report, server: target.server.name)
            case .reboot:
                return try await agent.reboot(target)
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

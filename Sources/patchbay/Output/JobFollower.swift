import Foundation
import PatchbayCore
import Services

/// `--wait`: prints each process as it starts and ends, until the job completes or stops for an operator.
struct JobFollower {
    let service: JobService
    var interval: Duration = .milliseconds(500)

    func follow(jobID: Int64) async throws {
        var seen: [String: ProcessState] = [:]
        while true {
            let job = try await service.current(jobID: jobID)
            for chain in job.chains {
                for process in chain.processes where process.state != .pending {
                    let key = "\(chain.id)/\(process.kind.rawValue)"
                    guard seen[key] != process.state else { continue }
                    seen[key] = process.state
                    let message = process.message.isEmpty ? "" : ": \(process.message)"
                    Say.line("\(TimeInput.display(process.finishedAt ?? process.startedAt ?? Date()))  \(chain.serverName)  \(process.kind.rawValue)  \(process.state.rawValue)\(message)")
                }
            }
            switch job.state {
            case .completed:
                Say.line("job \(jobID) completed")
                return
            case .waitingForAction, .completedWithErrors, .cancelled:
                throw PatchbayError(.jobNotCompleted, "job \(jobID) is \(job.state.rawValue)",
                                    fix: "see it with 'patchbay job show \(jobID)'" + (job.state == .waitingForAction ? "; then retry, continue or cancel it" : ""))
            case .scheduled, .running:
                try await Task.sleep(for: interval)
            }
        }
    }
}

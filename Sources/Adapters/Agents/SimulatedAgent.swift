import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PatchbayCore
import Services
import Synchronization

/// Applies patches through the WSUS simulator's fleet: the simulated server installs them and reports the
/// new states to the simulated WSUS, so verification and the next discovery see them. The simulator is
/// reached at the address of the WSUS server the computer reports to.
public struct SimulatedAgent: PatchAgent {
    /// Configured WSUS server name → its base address (the simulator's).
    let simulators: [String: URL]
    let timeout: TimeInterval
    let progressInterval: Duration

    public init(simulators: [String: URL], timeout: TimeInterval = 900, progressInterval: Duration = .milliseconds(500)) {
        self.simulators = simulators
        self.timeout = timeout
        self.progressInterval = progressInterval
    }

    public func checkOperation(on target: JobTarget) async throws -> AgentResult {
        let reply = try await post("check", ["computer": target.computerName], for: target)
        let os = reply["os"] as? String ?? ""
        return AgentResult(succeeded: true, message: "\(target.computerName) is reachable\(os.isEmpty ? "" : " (\(os))")",
                           output: "check: reachable\n")
    }

    public func runScript(_ script: String, kind: ProcessKind, on target: JobTarget) async throws -> AgentResult {
        let reply = try await post("script", ["computer": target.computerName, "name": kind.rawValue, "script": script], for: target)
        let exitCode = reply["exit_code"] as? Int ?? -1
        let output = reply["output"] as? String ?? ""
        return AgentResult(succeeded: exitCode == 0,
                           message: exitCode == 0 ? "\(kind.rawValue) finished (exit code 0)"
                                                  : "\(kind.rawValue) failed with exit code \(exitCode); see its output, fix the script or the server, then retry",
                           output: output)
    }

    /// Asks the fleet to install and, while the request is out, reads the server's progress about twice a
    /// second (a simulated server paced like a real one takes seconds per update).
    public func install(_ patches: [Job.Patch], on target: JobTarget, progress: @escaping ProgressSink) async throws -> InstallReport {
        // The watcher is told to stop, never cancelled: cancelling a request in flight crashes FoundationNetworking
        // ("a task that is not in the registry"). It is awaited, so no progress arrives after the result.
        let done = Mutex(false)
        let interval = progressInterval
        let watcher = Task {
            var last: InstallProgress?
            while true {
                try? await Task.sleep(for: interval)
                if done.withLock({ $0 }) { return }
                guard let reply = try? await post("progress", ["computer": target.computerName], for: target) else { continue }
                // Only the job's own KBs: the reply's text is not to be trusted into a stored message.
                var now = Self.progress(reply)
                now.items = now.items.filter { item in patches.contains { $0.kb == item.kb } }
                if !now.items.isEmpty, now != last, !done.withLock({ $0 }) { await progress(now) }
                last = now
            }
        }
        let reply: [String: Any]
        do {
            reply = try await post("install", ["computer": target.computerName, "updates": patches.map { $0.key.updateID }, "reboot": false],
                                   for: target)
        } catch {
            done.withLock { $0 = true }
            await watcher.value
            throw error
        }
        done.withLock { $0 = true }
        await watcher.value
        return Self.report(reply)
    }

    static func progress(_ reply: [String: Any]) -> InstallProgress {
        let items: [InstallProgress.Item] = (reply["updates"] as? [[String: Any]] ?? []).compactMap { entry in
            guard let kb = entry["kb"] as? String, let phase = InstallProgress.Phase(rawValue: entry["phase"] as? String ?? "") else { return nil }
            return InstallProgress.Item(kb: kb, phase: phase, percent: entry["percent"] as? Int ?? 0)
        }
        return InstallProgress(items: items, restarting: reply["restarting"] as? Bool ?? false)
    }

    public func reboot(_ target: JobTarget) async throws -> AgentResult {
        let reply = try await post("install", ["computer": target.computerName, "updates": [String](), "reboot": true], for: target)
        let rebooted = reply["rebooted"] as? Bool ?? false
        return AgentResult(succeeded: rebooted, message: rebooted ? "\(target.computerName) restarted and is back" : "\(target.computerName) did not restart",
                           output: "reboot: \(rebooted ? "done" : "not done")\n")
    }

    static func report(_ reply: [String: Any]) -> InstallReport {
        var output = ""
        let items: [InstallReport.Item] = (reply["updates"] as? [[String: Any]] ?? []).compactMap { entry in
            let name = entry["result"] as? String ?? ""
            let hresult = entry["hresult"] as? String
            output += "\(entry["kb"] as? String ?? "?") \(name)\(hresult.map { " \($0)" } ?? "")\n"
            guard let outcome = InstallReport.outcome(named: name, hresult: hresult) else { return nil }
            return InstallReport.Item(updateID: entry["update_id"] as? String ?? "", kb: entry["kb"] as? String ?? "", outcome: outcome)
        }
        return InstallReport(items: items, output: output)
    }

    private func post(_ operation: String, _ body: [String: Any], for target: JobTarget) async throws -> [String: Any] {
        guard let wsus = target.wsusServerName, let base = simulators[wsus] else {
            throw AgentFailure("\(target.server.name) is not matched to a WSUS computer with a simulated fleet; run 'patchbay update-info --repository' and check the server's WSUS name")
        }
        var request = URLRequest(url: base.appendingPathComponent("control/fleet/\(operation)"), timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw AgentFailure("cannot reach the simulated fleet at \(base.absoluteString): \(error.localizedDescription); check that the simulator runs")
        }
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else {
            let reason = json["error"] as? String ?? "HTTP \(status)"
            if status == 503 {
                throw AgentFailure("\(target.computerName) does not answer (\(reason)); check that the server is running and reachable from the management server, then retry")
            }
            throw AgentFailure("the simulated fleet refused \(operation) on \(target.computerName): \(reason)")
        }
        return json
    }
}

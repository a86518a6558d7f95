import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PatchbayCore
import Services

/// Applies patches through the WSUS simulator's fleet: the simulated server installs them and reports the
/// new states to the simulated WSUS, so verification and the next discovery see them. The simulator is
/// reached at the address of the WSUS server the computer reports to.
public struct SimulatedAgent: PatchAgent {
    /// Configured WSUS server name → its base address (the simulator's).
    let simulators: [String: URL]
    let timeout: TimeInterval

    public init(simulators: [String: URL], timeout: TimeInterval = 900) {
        self.simulators = simulators
        self.timeout = timeout
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

    public func install(_ patches: [Job.Patch], on target: JobTarget) async throws -> InstallReport {
        let reply = try await post("install", ["computer": target.computerName, "updates": patches.map { $0.key.updateID }, "reboot": false],
                                   for: target)
        return Self.report(reply)
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

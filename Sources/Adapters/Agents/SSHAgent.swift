import Foundation
import PatchbayCore
import Services

/// Applies patches over OpenSSH: the system `ssh` client runs PowerShell on the Windows server and feeds it
/// the shipped agent script (Resources/Invoke-PatchbayAgent.ps1), which answers in JSON lines.
public struct SSHAgent: PatchAgent {
    public struct Settings: Sendable, Hashable {
        public var user: String
        public var port: Int
        public var identityFile: String?
        public var knownHostsFile: String?
        public var connectTimeoutSeconds: Int
        /// The remote command that reads the script from standard input and runs it.
        public var command: String
        public var operationTimeoutSeconds: Int
        public var rebootTimeoutSeconds: Int
        public var sshPath: String

        public static let defaultCommand =
            #"powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "& ([ScriptBlock]::Create([Console]::In.ReadToEnd()))""#

        public init(user: String, port: Int = 22, identityFile: String? = nil, knownHostsFile: String? = nil, connectTimeoutSeconds: Int = 15,
                    command: String = Self.defaultCommand, operationTimeoutSeconds: Int = 3600, rebootTimeoutSeconds: Int = 900,
                    sshPath: String = "/usr/bin/ssh") {
            self.user = user
            self.port = port
            self.identityFile = identityFile
            self.knownHostsFile = knownHostsFile
            self.connectTimeoutSeconds = connectTimeoutSeconds
            self.command = command
            self.operationTimeoutSeconds = operationTimeoutSeconds
            self.rebootTimeoutSeconds = rebootTimeoutSeconds
            self.sshPath = sshPath
        }
    }

    let settings: Settings
    let script: String

    public init(settings: Settings, script: String? = nil) throws {
        self.settings = settings
        if let script {
            self.script = script
        } else {
            guard let url = Bundle.module.url(forResource: "Invoke-PatchbayAgent", withExtension: "ps1", subdirectory: "Resources"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw PatchbayError.fileError("the agent script Invoke-PatchbayAgent.ps1 is missing from this installation",
                                              fix: "reinstall Patchbay with its resource bundle next to the binary")
            }
            self.script = text
        }
    }

    public func checkOperation(on target: JobTarget) async throws -> AgentResult {
        let run = try await invoke(["operation": "check"], on: target, timeout: .seconds(settings.connectTimeoutSeconds + 60))
        guard let check = run.events.last(where: { $0["event"] as? String == "check" }) else {
            throw AgentFailure("\(target.server.name) answered the operation check without a result", output: run.output)
        }
        let ok = check["ok"] as? Bool ?? false
        let os = check["os"] as? String ?? ""
        let note = check["message"] as? String ?? ""
        return AgentResult(succeeded: ok,
                           message: ok ? "\(target.server.name) is reachable\(os.isEmpty ? "" : " (\(os))")"
                                       : "\(target.server.name) cannot run Windows Update: \(note); enable the Windows Update service, then retry",
                           output: run.output)
    }

    public func runScript(_ body: String, kind: ProcessKind, on target: JobTarget) async throws -> AgentResult {
        let run = try await invoke(["operation": "script", "script": body], on: target, timeout: .seconds(settings.operationTimeoutSeconds))
        let event = run.events.last { $0["event"] as? String == "script" }
        let exitCode = event?["exit_code"] as? Int ?? -1
        let output = (event?["output"] as? String ?? "") + run.diagnostics
        return AgentResult(succeeded: exitCode == 0,
                           message: exitCode == 0 ? "\(kind.rawValue) finished (exit code 0)"
                                                  : "\(kind.rawValue) failed with exit code \(exitCode); see its output, fix the script or the server, then retry",
                           output: output)
    }

    /// The agent script reports when it ends; progress inside the install comes with the scheduled-task agent
    /// (WUA outside the SSH logon), which this one is not yet.
    public func install(_ patches: [Job.Patch], on target: JobTarget, progress: @escaping ProgressSink) async throws -> InstallReport {
        try AgentUpdateList.check(patches, server: target.server.name)
        let request: [String: Any] = ["operation": "install", "updates": patches.map { $0.key.updateID }, "kbs": patches.map(\.kb)]
        let run = try await invoke(request, on: target, timeout: .seconds(settings.operationTimeoutSeconds))
        let items: [InstallReport.Item] = run.events.filter { $0["event"] as? String == "result" }.compactMap { event in
            guard let outcome = InstallReport.outcome(named: event["result"] as? String ?? "", hresult: event["hresult"] as? String) else { return nil }
            return InstallReport.Item(updateID: event["update_id"] as? String ?? "", kb: event["kb"] as? String ?? "", outcome: outcome)
        }
        if items.isEmpty, let error = run.events.first(where: { $0["event"] as? String == "error" }) {
            throw AgentFailure("the agent on \(target.server.name) failed: \(error["message"] as? String ?? "unknown error")", output: run.output)
        }
        return InstallReport(items: items, output: run.output)
    }

    /// Asks for the restart, then waits until the server answers again with a new boot time.
    public func reboot(_ target: JobTarget) async throws -> AgentResult {
        let run = try await invoke(["operation": "reboot"], on: target, timeout: .seconds(settings.connectTimeoutSeconds + 60))
        guard let event = run.events.last(where: { $0["event"] as? String == "reboot" }), event["initiated"] as? Bool == true else {
            throw AgentFailure("\(target.server.name) did not accept the restart", output: run.output)
        }
        let bootBefore = event["boot_time"] as? String
        var output = run.output
        let deadline = ContinuousClock.now + .seconds(settings.rebootTimeoutSeconds)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(2))
            guard let check = try? await invoke(["operation": "check"], on: target, timeout: .seconds(settings.connectTimeoutSeconds + 30)),
                  let answer = check.events.last(where: { $0["event"] as? String == "check" }) else { continue }
            let bootNow = answer["boot_time"] as? String
            if bootNow != bootBefore || bootBefore == nil {
                output += check.output
                return AgentResult(succeeded: true, message: "\(target.server.name) restarted and is back", output: output)
            }
        }
        throw AgentFailure("\(target.server.name) did not come back within \(settings.rebootTimeoutSeconds) seconds after the restart;"
                           + " check its console, then retry", output: output)
    }

    struct Run {
        var events: [[String: Any]]
        var output: String
        var diagnostics: String
    }

    func arguments(for target: JobTarget) -> [String] {
        var arguments = ["-T", "-o", "BatchMode=yes", "-o", "ConnectTimeout=\(settings.connectTimeoutSeconds)",
                         "-o", "StrictHostKeyChecking=yes", "-o", "ServerAliveInterval=30", "-p", String(settings.port), "-l", settings.user]
        if let knownHosts = settings.knownHostsFile { arguments += ["-o", "UserKnownHostsFile=\(knownHosts)"] }
        if let identity = settings.identityFile { arguments += ["-i", identity, "-o", "IdentitiesOnly=yes"] }
        return arguments + [target.server.ipAddress, settings.command]
    }

    /// The request travels as the script's first line (AgentRequestLine), so no secret or script text appears on
    /// a command line: the remote command is the configured one, the same for every request.
    func payload(_ request: [String: Any]) throws -> Data {
        let json = try JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])
        return Data((AgentRequestLine.line(json: json) + script).utf8)
    }

    private func invoke(_ request: [String: Any], on target: JobTarget, timeout: Duration) async throws -> Run {
        let child = ChildProcess(executable: settings.sshPath, arguments: arguments(for: target))
        let result: ChildProcess.Result
        do {
            result = try await child.run(input: try payload(request), timeout: timeout)
        } catch {
            throw AgentFailure("cannot start \(settings.sshPath): \(error.localizedDescription); install the OpenSSH client")
        }
        var events: [[String: Any]] = []
        var output = ""
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: true) {
            output += line + "\n"
            if let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] { events.append(object) }
        }
        let diagnostics = result.stderr.isEmpty ? "" : "stderr:\n" + result.stderr
        output += diagnostics
        if result.timedOut {
            throw AgentFailure("\(target.server.name) did not finish \(request["operation"] as? String ?? "the operation") within \(timeout); check the server, then retry",
                               output: output)
        }
        // 255 is ssh's own failure (connection, authentication, host key); the script never exits with it.
        if result.status == 255 {
            let reason = result.stderr.split(separator: "\n").last.map(String.init) ?? "ssh failed"
            throw AgentFailure("cannot reach \(target.server.name) (\(target.server.ipAddress)) over ssh: \(reason);"
                               + " check that the server runs and that its host key is in the known-hosts file and Patchbay's key is authorized",
                               output: output)
        }
        return Run(events: events, output: output, diagnostics: diagnostics)
    }
}

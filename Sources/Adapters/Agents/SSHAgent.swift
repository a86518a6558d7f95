import Foundation
import PatchbayCore
import Services
import Synchronization

/// Applies patches over OpenSSH: the system `ssh` client runs PowerShell on the Windows server and feeds it
/// the shipped agent script (Resources/Invoke-PatchbayAgent.ps1), which answers in JSON lines. Both follow the
/// agent protocol of docs/agent-protocol.md.
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
        /// The pause before reconnecting to an install whose connection dropped, and between looks at a
        /// restarting server.
        public var reconnectSeconds: Int
        /// `system` or `s4u`: whose logon the install task runs in.
        public var runAs: String
        public var sshPath: String

        public static let defaultCommand =
            #"powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "& ([ScriptBlock]::Create([Console]::In.ReadToEnd()))""#

        public init(user: String, port: Int = 22, identityFile: String? = nil, knownHostsFile: String? = nil, connectTimeoutSeconds: Int = 15,
                    command: String = Self.defaultCommand, operationTimeoutSeconds: Int = 3600, rebootTimeoutSeconds: Int = 900,
                    reconnectSeconds: Int = 10, runAs: String = "system", sshPath: String = "/usr/bin/ssh") {
            self.reconnectSeconds = reconnectSeconds
            self.runAs = runAs
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

    /// The protocol this side speaks (docs/agent-protocol.md §6).
    static let protocolVersion = 2
    /// The largest request the protocol allows (docs/agent-protocol.md §2).
    static let maxRequestBytes = 256 * 1024
    /// 0x8007045B ERROR_SHUTDOWN_IN_PROGRESS: a restart under way, not a failure.
    static let shutdownInProgress: UInt32 = 0x8007_045B

    public func checkOperation(on target: JobTarget) async throws -> AgentResult {
        let run = try reachable(try await invoke(["operation": "check"], on: target, timeout: .seconds(settings.connectTimeoutSeconds + 60)), target)
        guard let check = run.last("check") else {
            throw AgentFailure("\(target.server.name) answered the operation check without a result", output: run.output)
        }
        let ok = check.bool("ok") ?? false
        let os = check.string("os") ?? ""
        let note = check.string("message") ?? ""
        let pending = Self.restartReasons(check.strings("reboot_reasons"))
        return AgentResult(succeeded: ok,
                           message: ok ? "\(target.server.name) is reachable\(os.isEmpty ? "" : " (\(os))")"
                                       + (pending.isEmpty ? "" : "; it waits for a restart (\(pending.joined(separator: ", ")))")
                                       : "\(target.server.name) cannot run Windows Update: \(note); enable the Windows Update service, then retry",
                           output: run.output)
    }

    public func runScript(_ body: String, kind: ProcessKind, on target: JobTarget) async throws -> AgentResult {
        let run = try reachable(try await invoke(["operation": "script", "script": body], on: target, timeout: .seconds(settings.operationTimeoutSeconds)),
                                target)
        let event = run.last("script")
        let exitCode = event?.int("exit_code") ?? -1
        let output = (event?.string("output") ?? "") + (event?.bool("truncated") == true ? "\n[output cut at 64 KiB]\n" : "") + run.diagnostics
        return AgentResult(succeeded: exitCode == 0,
                           message: exitCode == 0 ? "\(kind.rawValue) finished (exit code 0)"
                                                  : "\(kind.rawValue) failed with exit code \(exitCode); see its output, fix the script or the server, then retry",
                           output: output)
    }

    /// The install task's name on the server: one per job and server, so a repeated attempt finds it.
    static func taskName(_ target: JobTarget) -> String {
        "Patchbay-job\(target.jobID ?? 0)-server\(target.server.id)"
    }

    /// Installs through the server's install task (docs/agent-protocol.md §4), relaying its progress. A dropped
    /// connection is not the end: the agent reconnects and takes the running or finished task's results, so
    /// nothing is installed twice. A shutdown under way (0x8007045B) is waited out and the install looked at again.
    public func install(_ patches: [Job.Patch], on target: JobTarget, progress: @escaping ProgressSink) async throws -> InstallReport {
        try AgentUpdateList.check(patches, server: target.server.name)
        let request: [String: Any] = ["operation": "install", "updates": patches.map { $0.key.updateID }, "kbs": patches.map(\.kb),
                                      "task": Self.taskName(target), "run_as": settings.runAs]
        let deadline = ContinuousClock.now + .seconds(settings.operationTimeoutSeconds)
        let tracker = Mutex(AgentProgressTracker(kbs: patches.map(\.kb)))
        var output = ""
        var taskSeen = false
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else {
                throw AgentFailure("\(target.server.name) did not finish the install within \(settings.operationTimeoutSeconds) s; its task may still run:"
                                   + " retry to take its result", output: output)
            }
            let (updates, stream) = AsyncStream<InstallProgress>.makeStream()
            let relay = Task { for await value in updates { await progress(value) } }
            let run: Run
            do {
                run = try await invoke(request, on: target, timeout: remaining) { event in
                    if let value = tracker.withLock({ $0.take(event) }) { stream.yield(value) }
                }
            } catch {
                // No progress may reach the runner after the failure does.
                stream.finish()
                await relay.value
                throw error
            }
            stream.finish()
            await relay.value
            output += run.output
            taskSeen = taskSeen || run.events.contains { $0.name == "task" }
            if run.last("done") != nil {
                if let required = run.last("reboot-required") {
                    return InstallReport(items: [], output: output, restartRequired: Self.restartReasons(required.strings("reasons")))
                }
                let items = Self.items(run)
                if items.contains(where: { $0.outcome == .failed(hresult: Self.shutdownInProgress) }) {
                    output += "--- \(target.server.name) is shutting down (0x8007045B): waiting for it to return, then looking again ---\n"
                    try await waitForReturn(target, bootBefore: run.last("done")?.string("boot_time"), output: &output)
                    continue
                }
                return InstallReport(items: items, output: output)
            }
            if let error = run.last("error") {
                throw AgentFailure("the agent on \(target.server.name) failed: \(String((error.string("message") ?? "unknown error").prefix(500)))"
                                   + (error.string("hresult").flatMap(WindowsUpdateResult.parse).map { " (\(WindowsUpdateResult.hex($0)))" } ?? ""),
                                   output: output)
            }
            // No result: the connection dropped. Before the task started nothing was installed; after it, the task
            // goes on without us and the next look takes its result.
            guard taskSeen else { _ = try reachable(run, target); throw AgentFailure("\(target.server.name) ended the install without a result", output: output) }
            output += "--- the connection to \(target.server.name) dropped during the install; reconnecting in \(settings.reconnectSeconds) s to take the task's result ---\n"
            try await Task.sleep(for: .seconds(settings.reconnectSeconds))
        }
    }

    /// The reasons a server gives for a pending restart, kept to the protocol's words: they go into stored
    /// messages and mail, and a server's text is not to be trusted there.
    static func restartReasons(_ reasons: [String]) -> [String] {
        let known = ["wua", "cbs", "wu", "file-rename"]
        let kept = known.filter(reasons.contains)
        return kept.isEmpty && !reasons.isEmpty ? ["other"] : kept
    }

    static func items(_ run: Run) -> [InstallReport.Item] {
        run.events.filter { $0.name == "result" }.compactMap { event in
            guard let outcome = InstallReport.outcome(named: event.string("result") ?? "", hresult: event.string("hresult")) else { return nil }
            return InstallReport.Item(updateID: event.string("update_id") ?? "", kb: event.string("kb") ?? "", outcome: outcome)
        }
    }

    /// Asks for the restart, then waits until the server answers again with a new boot time and servicing done.
    public func reboot(_ target: JobTarget) async throws -> AgentResult {
        let run = try reachable(try await invoke(["operation": "reboot"], on: target, timeout: .seconds(settings.connectTimeoutSeconds + 60)), target)
        guard let event = run.last("reboot"), event.bool("initiated") == true else {
            throw AgentFailure("\(target.server.name) did not accept the restart", output: run.output)
        }
        var output = run.output
        try await waitForReturn(target, bootBefore: event.string("boot_time"), output: &output)
        let already = event.bool("already") == true ? " (a shutdown was already under way: 0x8007045B)" : ""
        return AgentResult(succeeded: true, message: "\(target.server.name) restarted and is back\(already)", output: output)
    }

    /// Waits until the server answers with another boot time than `bootBefore` and servicing has finished
    /// configuring updates (a server answers ssh before that). Failures to connect meanwhile are expected.
    func waitForReturn(_ target: JobTarget, bootBefore: String?, output: inout String) async throws {
        let deadline = ContinuousClock.now + .seconds(settings.rebootTimeoutSeconds)
        var servicingNoted = false
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(min(settings.reconnectSeconds, 2)))
            guard let check = try? await invoke(["operation": "check"], on: target, timeout: .seconds(settings.connectTimeoutSeconds + 30)),
                  check.status == 0, let answer = check.last("check") else { continue }
            guard answer.string("boot_time") != bootBefore || bootBefore == nil else { continue }
            if answer.bool("servicing") == true {
                if !servicingNoted { output += "\(target.server.name) is back; servicing is still configuring updates, waiting for it\n" }
                servicingNoted = true
                continue
            }
            output += check.output
            return
        }
        throw AgentFailure("\(target.server.name) did not come back within \(settings.rebootTimeoutSeconds) seconds after the restart"
                           + (servicingNoted ? " (servicing was still configuring updates)" : "") + "; check its console, then retry", output: output)
    }

    struct Run {
        var status: Int32
        var events: [AgentEvent]
        var output: String
        var diagnostics: String
        var stderr: String

        func last(_ name: String) -> AgentEvent? { events.last { $0.name == name } }
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
        var request = request
        request["protocol"] = Self.protocolVersion
        let json = try JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])
        guard json.count <= Self.maxRequestBytes else {
            throw AgentFailure("the request for \(request["operation"] as? String ?? "the operation") is \(json.count) bytes, more than the agent protocol's"
                               + " \(Self.maxRequestBytes / 1024) KiB; shorten the script")
        }
        return Data((AgentRequestLine.line(json: json) + script).utf8)
    }

    /// Runs one operation; `onEvent` sees each event as it arrives. Only a timeout throws here: what the exit
    /// status means is the caller's to judge (`reachable`).
    private func invoke(_ request: [String: Any], on target: JobTarget, timeout: Duration,
                        onEvent: @escaping @Sendable (AgentEvent) -> Void = { _ in }) async throws -> Run {
        let child = ChildProcess(executable: settings.sshPath, arguments: arguments(for: target))
        let result: ChildProcess.Result
        // Each line is read once, as it arrives, even past the output the child process keeps.
        let collected = Mutex<[AgentEvent]>([])
        do {
            result = try await child.run(input: try payload(request), timeout: timeout) { line in
                guard let event = AgentEvent(line: line[...]) else { return }
                collected.withLock { $0.append(event) }
                onEvent(event)
            }
        } catch {
            throw AgentFailure("cannot start \(settings.sshPath): \(error.localizedDescription); install the OpenSSH client")
        }
        let events = collected.withLock { $0 }
        var output = result.stdout.isEmpty || result.stdout.hasSuffix("\n") ? result.stdout : result.stdout + "\n"
        let diagnostics = result.stderr.isEmpty ? "" : "stderr:\n" + result.stderr
        output += diagnostics
        if result.timedOut {
            throw AgentFailure("\(target.server.name) did not finish \(request["operation"] as? String ?? "the operation") within \(timeout); check the server, then retry",
                               output: output)
        }
        if let hello = events.first(where: { $0.name == "hello" }), let version = hello.int("protocol"), version != Self.protocolVersion {
            throw AgentFailure("\(target.server.name) runs an agent of protocol \(version), this Patchbay speaks \(Self.protocolVersion);"
                               + " check jobs.ssh.command and that the server runs the agent Patchbay sends", output: output)
        }
        return Run(status: result.status, events: events, output: output, diagnostics: diagnostics, stderr: result.stderr)
    }

    /// 255 is ssh's own failure (connection, authentication, host key); the script never exits with it.
    private func reachable(_ run: Run, _ target: JobTarget) throws -> Run {
        guard run.status == 255 else { return run }
        let reason = run.stderr.split(separator: "\n").last.map(String.init) ?? "ssh failed"
        throw AgentFailure("cannot reach \(target.server.name) (\(target.server.ipAddress)) over ssh: \(reason);"
                           + " check that the server runs and that its host key is in the known-hosts file and Patchbay's key is authorized",
                           output: run.output)
    }
}

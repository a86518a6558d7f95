import Foundation
import Testing

/// The ssh agent through a real OpenSSH server on loopback: the real `ssh` client, the shipped PowerShell agent
/// script on stdin, and a stand-in for a Windows server that speaks the agent protocol (docs/agent-protocol.md)
/// and installs through the simulator's fleet (Tests/Interop/windows_standin.py). The Windows Update Agent
/// itself runs only on Windows: these tests prove everything around it, and each trap real servers set.
@Suite("ssh agent end to end", .serialized)
struct SSHAgentEndToEndTests {
    static let standIn = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/windows_standin.py").path

    /// What the stand-in server keeps: its log of operations and the scripts it was sent.
    struct StandIn {
        let state: String

        var log: [[String: Any]] {
            guard let data = FileManager.default.contents(atPath: state),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
            return object["log"] as? [[String: Any]] ?? []
        }

        var operations: [String] { log.compactMap { $0["operation"] as? String } }

        func script(_ number: Int) -> Data? { FileManager.default.contents(atPath: "\(state).script-\(number)") }
    }

    func home(sshd: LocalSSHServer, knownHosts: String? = nil, traps: [String] = [], jobs extra: String = "") throws -> (JobHome, StandIn) {
        let state = sshd.folder + "/standin-state.json"
        let trapArguments = traps.map { " --trap \($0)" }.joined()
        let jobs = try JobHome(agent: "ssh") { simulator in
            """
              ssh:
                user: \(sshd.user)
                port: \(sshd.port)
                identity_file: \(sshd.clientKey)
                known_hosts_file: \(knownHosts ?? sshd.knownHosts)
                connect_timeout_seconds: 10
                reboot_timeout_seconds: 30
                reconnect_seconds: 1
                command: "python3 \(Self.standIn) --computer glx-web01.globex.example --simulator \(simulator) --state \(state)\(trapArguments)"
            \(extra)
            """
        }
        // The business server answers on loopback, where the test's sshd listens.
        let moved = try jobs.run("server", "update", "GLX-WEB01", "--ip", "127.0.0.1")
        guard moved.status == 0 else { throw JobHomeError(moved.stderr) }
        return (jobs, StandIn(state: state))
    }

    /// `patch apply … --wait` on GLX-WEB01, and the job it made.
    func apply(_ jobs: JobHome, _ arguments: String...) throws -> (PatchbayBinary.Result, [String: Any]) {
        let applied = try jobs.home.binary.run(["patch", "apply", "--user", "infra", "--server", "GLX-WEB01"] + arguments + ["--wait"])
        guard let id = JobHome.jobID(applied.stdout) else { return (applied, [:]) }
        return (applied, try jobs.job(id))
    }

    @Test("apply with reboot over ssh: check, install, restart, verification — the patch is installed once")
    func applyOverSSH() throws {
        let sshd = try LocalSSHServer()
        let (jobs, standIn) = try home(sshd: sshd)
        try jobs.startDaemon()
        let script = try jobs.home.write("post.ps1", "Start-Service W3SVC\nGet-Service W3SVC\n")
        let applied = try jobs.run("patch", "apply", "--user", "infra", "--server", "GLX-WEB01", "--patch", "KB5033383", "--reboot",
                                   "--postscript", script, "--wait")
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)\n\(jobs.daemonOutput)\n\(sshd.log)")
        let id = try #require(JobHome.jobID(applied.stdout))
        let job = try jobs.job(id)
        #expect((jobs.process(job, server: "GLX-WEB01", kind: "operation-check")?["message"] as? String ?? "").contains("GLX-WEB01 is reachable (Windows Server 2022)"))
        let install = try #require(jobs.process(job, server: "GLX-WEB01", kind: "patch-application"))
        #expect(install["message"] as? String == "installed KB5033383, waiting for a restart")
        #expect((install["output"] as? String ?? "").contains(#""event": "progress""#), "the agent's JSON lines are kept as the output")
        #expect(jobs.process(job, server: "GLX-WEB01", kind: "reboot")?["message"] as? String == "GLX-WEB01 restarted and is back")
        #expect((jobs.process(job, server: "GLX-WEB01", kind: "post-script")?["output"] as? String ?? "").contains("ran 2 line(s) of PowerShell"))
        #expect(jobs.process(job, server: "GLX-WEB01", kind: "verification")?["state"] as? String == "succeeded")
        #expect(try jobs.installCounts()["glx-web01.globex.example"] == ["KB5033383": 1])
        #expect(sshd.log.contains("Accepted publickey for \(sshd.user)"))
        // The install ran in the job's scheduled task as SYSTEM: in the ssh logon Windows would refuse it (0x80070005).
        let inTask = try #require(standIn.log.first { $0["operation"] as? String == "install" })
        #expect((inTask["task"] as? String ?? "").hasPrefix("Patchbay-job\(id)-server") && inTask["run_as"] as? String == "system", "\(inTask)")
    }

    @Test("a host key that does not match fails the operation check with the reason and the fix")
    func wrongHostKey() throws {
        let sshd = try LocalSSHServer()
        let other = try LocalSSHServer()
        let stranger = sshd.folder + "/stranger_known_hosts"
        try (try String(contentsOfFile: other.knownHosts, encoding: .utf8)).replacingOccurrences(of: ":\(other.port)]", with: ":\(sshd.port)]")
            .write(toFile: stranger, atomically: true, encoding: .utf8)
        let (jobs, _) = try home(sshd: sshd, knownHosts: stranger)
        try jobs.startDaemon()
        let applied = try jobs.run("patch", "apply", "--user", "infra", "--server", "GLX-WEB01", "--patch", "KB5033118", "--wait")
        #expect(applied.status == 1)
        let id = try #require(JobHome.jobID(applied.stdout))
        let check = try #require(jobs.process(try jobs.job(id), server: "GLX-WEB01", kind: "operation-check"))
        let message = check["message"] as? String ?? ""
        #expect(message.contains("cannot reach GLX-WEB01 (127.0.0.1) over ssh"), "\(message)")
        #expect(message.contains("host key"))
        #expect(try jobs.installCounts().isEmpty)
    }

    // MARK: what real Windows servers do (docs/agent-protocol.md §4-5)

    @Test("with jobs.agent_run_as: s4u the install task runs in the ssh user's S4U logon")
    func runAsS4U() throws {
        let sshd = try LocalSSHServer()
        let (jobs, standIn) = try home(sshd: sshd, jobs: "  agent_run_as: s4u")
        try jobs.startDaemon()
        let (applied, _) = try apply(jobs, "--patch", "KB5033383")
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)\n\(jobs.daemonOutput)")
        #expect(standIn.log.first { $0["operation"] as? String == "install" }?["run_as"] as? String == "s4u")
    }

    @Test("a restart pending before the install: a job that may restart restarts first, then installs once")
    func pendingRestartFirst() throws {
        let sshd = try LocalSSHServer()
        let (jobs, standIn) = try home(sshd: sshd, traps: ["pending-restart"])
        try jobs.startDaemon()
        let (applied, job) = try apply(jobs, "--patch", "KB5033383", "--reboot")
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)\n\(jobs.daemonOutput)")
        let install = try #require(jobs.process(job, server: "GLX-WEB01", kind: "patch-application"))
        #expect(install["message"] as? String == "installed KB5033383, waiting for a restart", "\(install)")
        #expect((install["output"] as? String ?? "").contains("restart 1 of at most 3 before installing"), "\(install)")
        // The first look found the restart pending (nothing installed), then the restart, then the install, then the job's own restart.
        #expect(standIn.operations.filter { $0 != "check" } == ["install", "reboot", "install", "reboot"], "\(standIn.operations)")
        #expect(try jobs.installCounts()["glx-web01.globex.example"] == ["KB5033383": 1])
    }

    @Test("a restart pending and a job that may not restart: the install fails saying so, nothing is installed or restarted")
    func pendingRestartNotAllowed() throws {
        let sshd = try LocalSSHServer()
        let (jobs, standIn) = try home(sshd: sshd, traps: ["pending-restart"])
        try jobs.startDaemon()
        let (applied, job) = try apply(jobs, "--patch", "KB5033383")
        #expect(applied.status == 1)
        let message = jobs.process(job, server: "GLX-WEB01", kind: "patch-application")?["message"] as? String ?? ""
        #expect(message.hasPrefix("GLX-WEB01 waits for a restart (cbs, wu) and Windows installs nothing until it restarts"), "\(message)")
        #expect(!standIn.operations.contains("reboot"))
        #expect(try jobs.installCounts().isEmpty)
    }

    @Test("a restart that never clears ends as a restart loop after jobs.max_restarts restarts (2 here), not in an endless loop")
    func restartLoop() throws {
        let sshd = try LocalSSHServer()
        let (jobs, standIn) = try home(sshd: sshd, traps: ["restart-loop"], jobs: "  max_restarts: 2")
        try jobs.startDaemon()
        let (applied, job) = try apply(jobs, "--patch", "KB5033383", "--reboot")
        #expect(applied.status == 1)
        let message = jobs.process(job, server: "GLX-WEB01", kind: "patch-application")?["message"] as? String ?? ""
        #expect(message.hasPrefix("restart loop: KB5033383 still needed after 2 restart(s) of GLX-WEB01"), "\(message)")
        #expect(standIn.operations.filter { $0 == "reboot" }.count == 2, "\(standIn.operations)")
        #expect(try jobs.installCounts().isEmpty)
    }

    @Test("after a restart the server answers before servicing has finished: the agent waits, and installs only after")
    func servicingAfterRestart() throws {
        let sshd = try LocalSSHServer()
        let (jobs, standIn) = try home(sshd: sshd, traps: ["pending-restart", "servicing-after-restart"])
        try jobs.startDaemon()
        let (applied, job) = try apply(jobs, "--patch", "KB5033383", "--reboot")
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)\n\(jobs.daemonOutput)")
        let output = jobs.process(job, server: "GLX-WEB01", kind: "patch-application")?["output"] as? String ?? ""
        #expect(output.contains("servicing is still configuring updates, waiting for it"), "\(output)")
        let installs = standIn.log.filter { $0["operation"] as? String == "install" }
        #expect(installs.count == 2 && installs.allSatisfy { $0["servicing"] as? Bool == false }, "no install while servicing: \(installs)")
        #expect(try jobs.installCounts()["glx-web01.globex.example"] == ["KB5033383": 1])
    }

    @Test("the ssh connection drops mid-install: the agent reconnects and takes the task's result; the update is installed once")
    func droppedConnection() throws {
        let sshd = try LocalSSHServer()
        let (jobs, standIn) = try home(sshd: sshd, traps: ["drop-mid-install"])
        try jobs.startDaemon()
        let (applied, job) = try apply(jobs, "--patch", "KB5033383")
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)\n\(jobs.daemonOutput)")
        let install = try #require(jobs.process(job, server: "GLX-WEB01", kind: "patch-application"))
        #expect(install["message"] as? String == "installed KB5033383, waiting for a restart")
        let output = install["output"] as? String ?? ""
        #expect(output.contains("dropped during the install; reconnecting"), "\(output)")
        #expect(output.contains(#""state": "started""#) && (output.contains(#""state": "attached""#) || output.contains(#""state": "collected""#)),
                "the second look took the same task: \(output)")
        #expect(standIn.operations.filter { $0 == "install" }.count == 2)
        #expect(try jobs.installCounts()["glx-web01.globex.example"] == ["KB5033383": 1], "never a second install")
    }

    @Test("0x8007045B (shutdown in progress) is a restart under way, not a failure: the agent waits for the server and looks again")
    func shutdownInProgress() throws {
        let sshd = try LocalSSHServer()
        let (jobs, _) = try home(sshd: sshd, traps: ["shutdown-in-progress"])
        try jobs.startDaemon()
        let (applied, job) = try apply(jobs, "--patch", "KB5033383")
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)\n\(jobs.daemonOutput)")
        let install = try #require(jobs.process(job, server: "GLX-WEB01", kind: "patch-application"))
        #expect(install["state"] as? String == "succeeded", "\(install)")
        #expect((install["output"] as? String ?? "").contains("is shutting down (0x8007045B): waiting for it to return"))
        #expect(try jobs.installCounts()["glx-web01.globex.example"] == ["KB5033383": 1])
    }

    @Test("a pre-script holding ’ ' $( and backticks reaches the server byte for byte")
    func scriptBytes() throws {
        let sshd = try LocalSSHServer()
        let (jobs, standIn) = try home(sshd: sshd)
        try jobs.startDaemon()
        let text = "Write-Output 'it’s'; $(Get-Date); `\"quoted`\" ‘x’ “y” $env:COMPUTERNAME `n@'\nhere\n'@\n"
        let path = try jobs.home.write("pre.ps1", text)
        let (applied, _) = try apply(jobs, "--patch", "KB5033383", "--prescript", path)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)\n\(jobs.daemonOutput)")
        #expect(standIn.script(1) == Data(text.utf8), "received: \(String(decoding: standIn.script(1) ?? Data(), as: UTF8.self))")
    }

    @Test("agent check tries the agent on one server outside any job: what it answered, its pending restart, exit 1 when unreachable, 10 when unknown")
    func agentCheck() throws {
        let sshd = try LocalSSHServer()
        let (jobs, _) = try home(sshd: sshd, traps: ["pending-restart"])
        let checked = try jobs.run("agent", "check", "--server", "GLX-WEB01")
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        #expect(checked.stdout.contains("GLX-WEB01 is reachable (Windows Server 2022); it waits for a restart (cbs, wu)"), "\(checked.stdout)")
        #expect(checked.stdout.contains(#""event": "hello""#), "what the server answered is shown")
        let unknown = try jobs.run("agent", "check", "--server", "NOPE")
        #expect(unknown.status == 10 && unknown.stderr.contains("there is no server 'NOPE' you may see"), "\(unknown.stderr)")
        let tenantUser = try jobs.run("agent", "check", "--server", "GLX-WEB01", "--user", "globex-user")
        #expect(tenantUser.status == 102, "a tenant user may not run the agent by command: \(tenantUser.stderr)")
        let moved = try jobs.run("server", "update", "GLX-WEB01", "--ip", "127.0.0.2")
        #expect(moved.status == 0)
        let unreachable = try jobs.run("agent", "check", "--server", "GLX-WEB01")
        #expect(unreachable.status == 1 && unreachable.stderr.contains("cannot reach GLX-WEB01 (127.0.0.2) over ssh"), "\(unreachable.stderr)")
        let audit = try jobs.run("audit", "list", "--format", "csv").stdout
        #expect(audit.components(separatedBy: "agent check").count - 1 == 4, "every check is audited, the refused ones too: \(audit)")
    }
}

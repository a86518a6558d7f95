import Foundation
import Testing

/// The ssh agent through a real OpenSSH server on loopback: the real `ssh` client, the shipped
/// PowerShell agent script on stdin, and a stand-in for PowerShell that answers in the script's JSON lines
/// and installs through the simulator's fleet (Tests/Interop/ssh_agent_standin.py).
@Suite("ssh agent end to end", .serialized)
struct SSHAgentEndToEndTests {
    static let standIn = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/ssh_agent_standin.py").path

    func home(sshd: LocalSSHServer, knownHosts: String? = nil) throws -> JobHome {
        let state = sshd.folder + "/standin-state.json"
        let jobs = try JobHome(agent: "ssh") { simulator in
            """
              ssh:
                user: \(sshd.user)
                port: \(sshd.port)
                identity_file: \(sshd.clientKey)
                known_hosts_file: \(knownHosts ?? sshd.knownHosts)
                connect_timeout_seconds: 10
                reboot_timeout_seconds: 30
                command: "python3 \(Self.standIn) --computer glx-web01.globex.example --simulator \(simulator) --state \(state)"
            """
        }
        // The business server answers on loopback, where the test's sshd listens.
        let moved = try jobs.run("server", "update", "GLX-WEB01", "--ip", "127.0.0.1")
        guard moved.status == 0 else { throw JobHomeError(moved.stderr) }
        return jobs
    }

    @Test("apply with reboot over ssh: check, install, restart, verification — the patch is installed once")
    func applyOverSSH() throws {
        let sshd = try LocalSSHServer()
        let jobs = try home(sshd: sshd)
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
    }

    @Test("a host key that does not match fails the operation check with the reason and the fix")
    func wrongHostKey() throws {
        let sshd = try LocalSSHServer()
        let other = try LocalSSHServer()
        let stranger = sshd.folder + "/stranger_known_hosts"
        try (try String(contentsOfFile: other.knownHosts, encoding: .utf8)).replacingOccurrences(of: ":\(other.port)]", with: ":\(sshd.port)]")
            .write(toFile: stranger, atomically: true, encoding: .utf8)
        let jobs = try home(sshd: sshd, knownHosts: stranger)
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
}

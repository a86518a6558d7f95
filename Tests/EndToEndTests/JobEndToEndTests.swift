import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport

/// Jobs through the real binaries: `patch apply` and `job …` against a CMDB that a real `patchbay daemon`
/// works on, its simulated agent driving the real `wsus-sim` fleet over HTTP.
@Suite("Jobs end to end", .serialized)
struct JobEndToEndTests {
    @Test("apply → the fleet installs → verification sees it in WSUS → the next discovery shows it installed")
    func applyAndVerify() async throws {
        let jobs = try JobHome()
        try jobs.startDaemon()
        let applied = try jobs.run("patch", "apply", "--user", "infra", "--server", "GLX-WEB01", "--patch", "KB5033118,KB5033383", "--reboot", "--wait")
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)\n\(jobs.daemonOutput)")
        let id = try #require(JobHome.jobID(applied.stdout))
        #expect(applied.stdout.contains("GLX-WEB01  verification  succeeded: WSUS shows all 2 patch(es) installed"))
        #expect(try jobs.installCounts()["glx-web01.globex.example"] == ["KB5033118": 1, "KB5033383": 1])
        let job = try jobs.job(id)
        #expect(job["state"] as? String == "completed" && job["owner"] as? String == "infra")
        let kinds = ((job["servers"] as? [[String: Any]])?.first?["processes"] as? [[String: Any]] ?? []).map { "\($0["kind"]!)=\($0["state"]!)" }
        #expect(kinds == ["schedule-standby=succeeded", "operation-check=succeeded", "patch-application=succeeded", "reboot=succeeded", "verification=succeeded"])
        #expect(try jobs.run("update-info", "--repository").status == 0)
        let info = try jobs.run("patch", "info", "--server", "GLX-WEB01", "--state", "installed", "--format", "csv").stdout
        #expect(info.contains("KB5033118") && info.contains("KB5033383"))
        let outbox = try jobs.run("audit", "list", "--format", "csv").stdout
        #expect(outbox.contains("patch apply"))
        let mails = try sqlite(jobs.home.cmdb, "SELECT recipient || '|' || subject FROM mail_outbox WHERE cause LIKE 'job %' ORDER BY id")
        #expect(mails == ["infra@demo.patchbay.example|[Patchbay] Job \(id) was accepted", "infra@demo.patchbay.example|[Patchbay] Job \(id) completed"])
    }

    @Test("an install failure waits for action with the HRESULT explained; retry then succeeds; each patch installed once")
    func failureThenRetry() async throws {
        let jobs = try JobHome()
        try jobs.control("/control/fleet/configure", #"{"computer": "glx-web01.globex.example", "fail": {"KB5033118": "0x80070643"}}"#)
        try jobs.startDaemon()
        let applied = try jobs.run("patch", "apply", "--user", "infra", "--server", "GLX-WEB01", "--patch", "KB5033118", "--wait")
        #expect(applied.status == 1, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stderr.contains("is waiting-for-action"))
        let id = try #require(JobHome.jobID(applied.stdout))
        let failed = try #require(jobs.process(try jobs.job(id), server: "GLX-WEB01", kind: "patch-application"))
        #expect(failed["state"] as? String == "failed")
        #expect((failed["message"] as? String ?? "").contains("KB5033118 failed with 0x80070643 ERROR_INSTALL_FAILURE: a fatal error occurred during installation"))
        #expect(try jobs.installCounts()["glx-web01.globex.example"] == nil)

        try jobs.control("/control/fleet/configure", #"{"computer": "glx-web01.globex.example", "fail": {}}"#)
        let retried = try jobs.run("job", "retry", String(id), "--user", "infra")
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(try await jobs.waitForJob(id) { $0 == "completed" } == "completed", "\(jobs.daemonOutput)")
        let again = try #require(jobs.process(try jobs.job(id), server: "GLX-WEB01", kind: "patch-application"))
        #expect((again["output"] as? String ?? "").contains("--- retried at"))
        #expect(try jobs.installCounts()["glx-web01.globex.example"] == ["KB5033118": 1])
        let mails = try sqlite(jobs.home.cmdb, "SELECT subject FROM mail_outbox WHERE cause LIKE 'job %' ORDER BY id")
        #expect(mails == ["[Patchbay] Job \(id) was accepted", "[Patchbay] Job \(id): GLX-WEB01 needs your action", "[Patchbay] Job \(id) completed"])
    }

    @Test("continue passes over a failed pre-script; the job ends completed-with-errors and the owner is told it failed")
    func continueSkips() async throws {
        let jobs = try JobHome()
        try jobs.control("/control/fleet/configure", #"{"computer": "glx-web01.globex.example", "script_exit": 3}"#)
        let script = try jobs.home.write("pre.ps1", "Stop-Service W3SVC\n")
        try jobs.startDaemon()
        let applied = try jobs.run("patch", "apply", "--user", "dual", "--server", "GLX-WEB01", "--patch", "KB5033118", "--prescript", script, "--wait")
        #expect(applied.status == 1)
        let id = try #require(JobHome.jobID(applied.stdout))
        let pre = try #require(jobs.process(try jobs.job(id), server: "GLX-WEB01", kind: "pre-script"))
        #expect(pre["state"] as? String == "failed" && (pre["message"] as? String ?? "").contains("exit code 3"))
        #expect(try jobs.run("job", "continue", String(id), "--server", "GLX-WEB01", "--user", "dual").status == 0)
        #expect(try await jobs.waitForJob(id) { $0 == "completed-with-errors" } == "completed-with-errors", "\(jobs.daemonOutput)")
        let job = try jobs.job(id)
        #expect(jobs.process(job, server: "GLX-WEB01", kind: "pre-script")?["continued"] as? Bool == true)
        #expect(jobs.process(job, server: "GLX-WEB01", kind: "verification")?["state"] as? String == "succeeded")
        #expect(try sqlite(jobs.home.cmdb, "SELECT subject FROM mail_outbox WHERE cause LIKE 'job %' ORDER BY id").last == "[Patchbay] Job \(id) ended with errors")
    }

    @Test("a job waiting for its start time is cancelled before anything runs")
    func cancelInStandby() async throws {
        let jobs = try JobHome()
        try jobs.startDaemon()
        let applied = try jobs.run("patch", "apply", "--user", "infra", "--server", "GLX-WEB01", "--patch", "KB5033118", "--at", "+1h")
        #expect(applied.status == 0, "\(applied.stderr)")
        let id = try #require(JobHome.jobID(applied.stdout))
        #expect(try jobs.job(id)["state"] as? String == "scheduled")
        let listed = try jobs.run("job", "list", "--state", "scheduled", "--format", "csv")
        #expect(listed.stdout.contains("\(id),scheduled,infrastructure,infra,0/1"))
        let cancelled = try jobs.run("job", "cancel", String(id), "--user", "infra")
        #expect(cancelled.status == 0 && cancelled.stdout.contains("the job is cancelled"), "\(cancelled.stderr)")
        let job = try jobs.job(id)
        let states = ((job["servers"] as? [[String: Any]])?.first?["processes"] as? [[String: Any]] ?? []).map { $0["state"] as? String ?? "" }
        #expect(Set(states) == ["cancelled"])
        #expect(try jobs.installCounts().isEmpty)
        let again = try jobs.run("job", "cancel", String(id), "--user", "infra")
        #expect(again.status == 10 && again.stderr.contains("already cancelled"))
        #expect(try sqlite(jobs.home.cmdb, "SELECT subject FROM mail_outbox WHERE cause LIKE 'job %' ORDER BY id").last == "[Patchbay] Job \(id) was cancelled")
    }

    @Test("a job scheduled a few seconds ahead waits in standby, then starts at its time")
    func startsAtItsTime() async throws {
        let jobs = try JobHome()
        try jobs.startDaemon()
        let start = Date().addingTimeInterval(8)
        let formatter = ISO8601DateFormatter()
        let applied = try jobs.run("patch", "apply", "--user", "infra", "--server", "GLX-WEB01", "--patch", "KB5033118", "--at", formatter.string(from: start))
        let id = try #require(JobHome.jobID(applied.stdout))
        try await Task.sleep(for: .seconds(2))
        let before = try jobs.job(id)["state"] as? String
        // On a machine busy enough to reach the start time already, only the start time below can be checked.
        if Date() < start { #expect(before == "scheduled", "nothing runs before the start time") }
        #expect(try await jobs.waitForJob(id, timeout: 30) { $0 == "completed" } == "completed")
        let standby = try #require(jobs.process(try jobs.job(id), server: "GLX-WEB01", kind: "schedule-standby"))
        #expect((standby["message"] as? String ?? "").hasPrefix("started at the scheduled time"))
        let startedAt = try #require((standby["started_at"] as? String).flatMap(formatter.date(from:)))
        #expect(startedAt >= start.addingTimeInterval(-1), "started \(startedAt), due \(start)")
    }

    @Test("rerun-failed makes a new job for the failed and cancelled servers only; job show --format xml describes the job")
    func rerunFailedAndXML() async throws {
        let jobs = try JobHome()
        try jobs.control("/control/fleet/configure", #"{"computer": "glx-web01.globex.example", "fail": {"KB5033383": "0x8024401C"}}"#)
        try jobs.startDaemon()
        let applied = try jobs.run("patch", "apply", "--user", "infra", "--server", "GLX-WEB01,ACME-WEB02", "--patch", "KB5033383", "--reboot", "--wait")
        #expect(applied.status == 1)
        let id = try #require(JobHome.jobID(applied.stdout))
        #expect(try await jobs.waitForJob(id) { $0 == "waiting-for-action" } == "waiting-for-action")
        #expect(try jobs.run("job", "cancel", String(id), "--server", "GLX-WEB01").status == 0)
        #expect(try await jobs.waitForJob(id) { $0 == "completed-with-errors" } == "completed-with-errors", "\(jobs.daemonOutput)")

        let xml = try jobs.run("job", "show", String(id), "--format", "xml").stdout
        let document = try XMLDocument(data: Data(xml.utf8))
        let servers = try document.nodes(forXPath: "/job/server").compactMap { ($0 as? XMLElement)?.attribute(forName: "name")?.stringValue }
        #expect(servers == ["GLX-WEB01", "ACME-WEB02"] || servers == ["ACME-WEB02", "GLX-WEB01"])
        let message = try document.nodes(forXPath: "/job/server[@name='GLX-WEB01']/process[@kind='patch-application']/message").first?.stringValue ?? ""
        #expect(message.contains("0x8024401C WU_E_PT_HTTP_STATUS_REQUEST_TIMEOUT"))
        #expect(try document.nodes(forXPath: "/job/patch/@kb").first?.stringValue == "KB5033383")

        try jobs.control("/control/fleet/configure", #"{"computer": "glx-web01.globex.example", "fail": {}}"#)
        let rerun = try jobs.run("job", "rerun-failed", String(id), "--user", "infra", "--wait")
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        #expect(rerun.stdout.contains("from job \(id): 1 server(s) — GLX-WEB01"))
        #expect(try jobs.installCounts() == ["glx-web01.globex.example": ["KB5033383": 1], "acme-web02.acme.example": ["KB5033383": 1]])
        let audit = try jobs.run("audit", "list", "--format", "csv").stdout
        #expect(audit.contains("job cancel") && audit.contains("patch apply"))
    }

    @Test("without --reboot an update that needs a restart verifies as installed-pending-reboot")
    func rebootRequired() async throws {
        let jobs = try JobHome()
        try jobs.startDaemon()
        let applied = try jobs.run("patch", "apply", "--user", "infra", "--server", "GLX-WEB01", "--patch", "KB5033383", "--wait")
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("installed KB5033383, waiting for a restart"))
        #expect(applied.stdout.contains("KB5033383 wait for a restart"))
        #expect(!applied.stdout.contains("  reboot  "), "no reboot process without --reboot")
        _ = try jobs.run("update-info", "--repository")
        #expect(try jobs.run("patch", "info", "--server", "GLX-WEB01", "--patch", "KB5033383", "--format", "csv").stdout.contains("pending-reboot"))
    }

    @Test("an unreachable server fails the operation check with a clear message; undelivered patches are named as such")
    func unreachableAndUndelivered() async throws {
        let jobs = try JobHome()
        try jobs.control("/control/fleet/configure", #"{"computer": "glx-web01.globex.example", "reachable": false}"#)
        try jobs.control("/control/fleet/configure", #"{"computer": "acme-web02.acme.example", "undelivered": ["KB5033383"]}"#)
        try jobs.startDaemon()
        let unreachable = try jobs.run("patch", "apply", "--user", "infra", "--server", "GLX-WEB01", "--patch", "KB5033118", "--wait")
        #expect(unreachable.status == 1)
        let unreachableID = try #require(JobHome.jobID(unreachable.stdout))
        let check = try #require(jobs.process(try jobs.job(unreachableID), server: "GLX-WEB01", kind: "operation-check"))
        #expect(check["state"] as? String == "failed")
        #expect((check["message"] as? String ?? "").contains("glx-web01.globex.example does not answer"))
        #expect((check["message"] as? String ?? "").contains("check that the server is running and reachable"))

        let undelivered = try jobs.run("patch", "apply", "--user", "infra", "--server", "ACME-WEB02", "--patch", "KB5033383", "--wait")
        #expect(undelivered.status == 1)
        let undeliveredID = try #require(JobHome.jobID(undelivered.stdout))
        let apply = try #require(jobs.process(try jobs.job(undeliveredID), server: "ACME-WEB02", kind: "patch-application"))
        #expect((apply["message"] as? String ?? "").contains("KB5033383 is approved in Patchbay but WSUS has not delivered it to ACME-WEB02 yet"))
    }

    @Test("requests are refused with the reason: wrong role, installed or unapproved patches, unknown server")
    func refusals() async throws {
        let jobs = try JobHome()
        let tenantUser = try jobs.run("patch", "apply", "--user", "acme-user", "--server", "ACME-WEB01", "--patch", "KB5033383")
        #expect(tenantUser.status == 102 && tenantUser.stderr.contains("may not apply patches to ACME-WEB01 by command"))
        let installed = try jobs.run("patch", "apply", "--user", "infra", "--server", "ACME-WEB01", "--patch", "KB5033118")
        #expect(installed.status == 10 && installed.stderr.contains("KB5033118 is already installed on ACME-WEB01"))
        let unknown = try jobs.run("patch", "apply", "--user", "infra", "--server", "NOPE", "--patch", "KB5033118")
        #expect(unknown.status == 10 && unknown.stderr.contains("there is no server 'NOPE'\n  fix: see the servers with 'patchbay server list'"))
        let past = try jobs.run("patch", "apply", "--user", "infra", "--server", "GLX-WEB01", "--patch", "KB5033118", "--at", "2020-01-01")
        #expect(past.status == 10 && past.stderr.contains("is not in the future\n  fix: give a later time, or leave out --at to start now"))
        #expect(try jobs.run("job", "list", "--format", "csv").stdout == "id,state,tenant,owner,servers-done,patches,start,created,updated\n")
    }

    @Test("SIGTERM stops the daemon cleanly mid-job and hands its chains back: the next daemon continues at once, not after the lease")
    func sigtermHandsBack() async throws {
        let jobs = try JobHome(extraFleet: 6, concurrency: 2, perTenant: 2, leaseSeconds: 120)
        try jobs.setInstallTime(fleet: 1...6, milliseconds: 700)
        let applied = try jobs.run("patch", "apply", "--user", "infra", "--server", (1...6).map { "FLEET\($0)" }.joined(separator: ","), "--patch", "KB5033118")
        let id = try #require(JobHome.jobID(applied.stdout))
        try jobs.startDaemon()
        try await poll(timeout: 30, interval: 0.05) { !(try jobs.installCounts().isEmpty) }
        jobs.stopDaemon()
        #expect(jobs.daemonOutput.contains("received SIGTERM, stopping"))
        #expect(try sqlite(jobs.home.cmdb, "SELECT count(*) FROM job_chains WHERE lease_owner IS NOT NULL") == ["0"], "every lease handed back")
        #expect(try sqlite(jobs.home.cmdb, "SELECT count(*) FROM job_runners WHERE stopped_at IS NOT NULL") == ["1"])
        try jobs.startDaemon()
        #expect(try await jobs.waitForJob(id, timeout: 60) { $0 == "completed" } == "completed", "\(jobs.daemonOutput.suffix(2000))")
        #expect(try jobs.installCounts().values.allSatisfy { $0 == ["KB5033118": 1] })
    }

    @Test("SIGKILL of the daemon in the middle of a 50-server job: after a restart the job completes and each patch was installed exactly once")
    func sigkillRecovery() async throws {
        let jobs = try JobHome(extraFleet: 50, concurrency: 6, perTenant: 6, leaseSeconds: 3)
        try jobs.setInstallTime(fleet: 1...50, milliseconds: 150)
        let servers = (1...50).map { "FLEET\($0)" }.joined(separator: ",")
        let applied = try jobs.run("patch", "apply", "--user", "infra", "--server", servers, "--patch", "KB5033118,KB5033383", "--reboot")
        #expect(applied.status == 0, "\(applied.stderr)")
        let id = try #require(JobHome.jobID(applied.stdout))
        try jobs.startDaemon()
        // Kill once some but not all servers are done.
        var installedServers = 0
        // Holding the thread: the kill must come while servers are still left (see pollHolding).
        try pollHolding(timeout: 60, interval: 0.05) {
            installedServers = try jobs.installCounts().count
            return installedServers >= 10
        }
        jobs.killDaemon()
        #expect(installedServers >= 10 && installedServers < 50, "killed after \(installedServers) servers")
        #expect(try jobs.job(id)["state"] as? String == "running")
        try jobs.startDaemon()
        #expect(try await jobs.waitForJob(id, timeout: 120) { $0 == "completed" } == "completed", "\(jobs.daemonOutput.suffix(3000))")
        let counts = try jobs.installCounts()
        #expect(counts.count == 50)
        #expect(counts.values.allSatisfy { $0 == ["KB5033118": 1, "KB5033383": 1] }, "\(counts.filter { $0.value != ["KB5033118": 1, "KB5033383": 1] })")
        #expect(jobs.daemonOutput.contains("claimed"))
        #expect(try sqlite(jobs.home.cmdb, "SELECT count(*) FROM job_events WHERE kind = 'completed'") == ["1"])
    }
}

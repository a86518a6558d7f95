import Foundation
import PatchbayCore
import Testing
import TestSupport

/// Several management servers on one PostgreSQL CMDB, made on one machine: each host is a folder with its own
/// configuration (`daemon.host_id`) and its own processes, sharing the CMDB and the WSUS simulator.
@Suite("Several hosts on one PostgreSQL CMDB", .serialized)
struct MultiHostEndToEndTests {
    @Test("two hosts' daemons on one 200-server job; mgmt01 is SIGKILLed mid-install, mgmt02 finishes its chains once their leases expire: every patch installed exactly once")
    func hostLost() throws {
        let jobs = try JobHome(extraFleet: 200, concurrency: 8, perTenant: 16, leaseSeconds: 3, onPostgres: true, hostID: "mgmt01")
        let second = try OtherHost(of: jobs, hostID: "mgmt02")
        try jobs.setInstallTime(fleet: 1...200, milliseconds: 300)
        let applied = try jobs.run("patch", "apply", "--user", "infra", "--server", (1...200).map { "FLEET\($0)" }.joined(separator: ","),
                                   "--patch", "KB5033118,KB5033383")
        #expect(applied.status == 0, "\(applied.stderr)")
        let id = try #require(JobHome.jobID(applied.stdout))
        try jobs.startDaemon()
        // Once mgmt01 holds chains and some servers are done, mgmt02 joins; mgmt01 dies as soon as mgmt02 is up.
        let heldByMgmt01 = "SELECT server_name FROM job_chains WHERE lease_host = 'mgmt01' AND state IN ('pending', 'running')"
        let ready = try pollHolding(timeout: 120, interval: 0.05) {
            guard try jobs.installCounts().count >= 20 else { return false }
            return !(try jobs.sql(heldByMgmt01).isEmpty)
        }
        #expect(ready, "mgmt01 holding chains: \(jobs.daemonOutput.suffix(2000))")
        try second.startDaemon()
        let joined = try pollHolding(timeout: 30, interval: 0.05) { try jobs.sql("SELECT count(*) FROM job_runners WHERE host = 'mgmt02'") == "1" }
        #expect(joined, "mgmt02 sent no heartbeat: \(second.output.suffix(2000))")
        jobs.killDaemon()
        // What the dead daemon held: it can no longer release or finish anything.
        let held = try jobs.sql(heldByMgmt01).split(separator: "\n").map(String.init)
        let installedBefore = try jobs.installCounts().count
        #expect(!held.isEmpty && installedBefore >= 20 && installedBefore < 200, "killed holding \(held.count) chains after \(installedBefore) servers")
        #expect(try jobs.waitForJobHolding(id, timeout: 300) { $0 == "completed" } == "completed", "\(second.output.suffix(3000))")
        let counts = try jobs.installCounts()
        #expect(counts.count == 200)
        #expect(counts.values.allSatisfy { $0 == ["KB5033118": 1, "KB5033383": 1] }, "\(counts.filter { $0.value != ["KB5033118": 1, "KB5033383": 1] })")
        let takenOver = held.filter { second.output.contains("job \(id): \($0) claimed") }
        #expect(takenOver == held, "mgmt02 finished every chain mgmt01 held when it died")
        #expect(try jobs.sql("SELECT count(*) FROM job_events WHERE kind = 'completed'") == "1")
        // Both hosts say which runner is where: mgmt01 stopped answering (ten seconds without a heartbeat, with
        // its three-second lease), mgmt02 is alive.
        func says(_ status: PatchbayBinary.Result) -> Bool {
            let lines = status.stdout.split(separator: "\n")
            return lines.contains { $0.contains("host mgmt01") && $0.hasSuffix("not answering") }
                && lines.contains { $0.contains("host mgmt02") && $0.hasSuffix("alive") }
        }
        try pollHolding(timeout: 20, interval: 0.5) { says(try jobs.run("cmdb", "status")) }
        for status in [try jobs.run("cmdb", "status"), try second.run("cmdb", "status")] {
            #expect(says(status), "\(status.stdout)\n\(second.output.suffix(1500))")
        }
        let listed = try second.run("job", "list")
        #expect(listed.stderr.contains("job runners: mgmt02 (alive), mgmt01 (not answering)"), "\(listed.stderr)")
    }

    @Test("a host whose clock runs ten minutes ahead (faketime) never takes a chain whose lease another host holds; it runs jobs once that host stops")
    func clockAhead() throws {
        let jobs = try JobHome(extraFleet: 4, concurrency: 8, perTenant: 8, leaseSeconds: 30, onPostgres: true, hostID: "mgmt01")
        let ahead = try OtherHost(of: jobs, hostID: "mgmt02")
        try jobs.setInstallTime(fleet: 1...4, milliseconds: 6000)
        let applied = try jobs.run("patch", "apply", "--user", "infra", "--server", "FLEET1,FLEET2,FLEET3,FLEET4", "--patch", "KB5033118")
        let id = try #require(JobHome.jobID(applied.stdout))
        try jobs.startDaemon()
        #expect(try pollHolding(timeout: 30, interval: 0.05) { try jobs.sql("SELECT count(*) FROM job_chains WHERE lease_host = 'mgmt01'") == "4" })
        try ahead.startDaemon(clockAhead: "+10m")
        #expect(try pollHolding(timeout: 30, interval: 0.05) { try jobs.sql("SELECT count(*) FROM job_runners WHERE host = 'mgmt02'") == "1" })
        // mgmt02 is up and looking for work every second; for four seconds it must find none.
        let stolen = try pollHolding(timeout: 4) { try jobs.sql("SELECT count(*) FROM job_chains WHERE lease_host = 'mgmt02'") != "0" }
        #expect(!stolen, "mgmt02 took chains mgmt01 holds: \(ahead.output.suffix(2000))")
        #expect(ahead.output.contains("started on host mgmt02"), "\(ahead.output)")
        for status in [try jobs.run("cmdb", "status"), try ahead.run("cmdb", "status")] {
            let lines = status.stdout.split(separator: "\n")
            #expect(["mgmt01", "mgmt02"].allSatisfy { host in lines.contains { $0.contains("host \(host)") && $0.hasSuffix("alive") } },
                    "both runners alive by the CMDB's clock: \(status.stdout)")
        }
        #expect(try jobs.waitForJobHolding(id, timeout: 60) { $0 == "completed" } == "completed")
        #expect(!ahead.output.contains("claimed"), "\(ahead.output)")
        #expect(try jobs.installCounts().values.allSatisfy { $0 == ["KB5033118": 1] })
        // Once mgmt01 stops, the host whose clock is ahead runs the next job: it was able to all along.
        jobs.stopDaemon()
        try jobs.setInstallTime(fleet: 1...1, milliseconds: 100)
        let next = try jobs.run("patch", "apply", "--user", "infra", "--server", "FLEET1", "--patch", "KB5033383")
        let nextID = try #require(JobHome.jobID(next.stdout))
        #expect(try jobs.waitForJobHolding(nextID, timeout: 60) { $0 == "completed" } == "completed", "\(ahead.output.suffix(2000))")
        #expect(ahead.output.contains("job \(nextID): FLEET1 claimed"))
    }

    @Test("both hosts' mailers poll one outbox every second: each apply-request mail reaches the real SMTP server once")
    func mailOnce() throws {
        let smtp = try SMTPServerProcess()
        let smtpSection = try smtp.patchbaySection()
        let jobs = try JobHome(onPostgres: true, hostID: "mgmt01") { _ in smtpSection }
        let second = try OtherHost(of: jobs, hostID: "mgmt02")
        try jobs.startDaemon()
        try second.startDaemon()
        try jobs.control("/control/approve", #"{"update": "KB5033464", "group": "All Computers"}"#)
        #expect(try second.run("update-info", "--repository").stdout.contains("apply-request mails queued: 3"))
        func received() throws -> [[String: String]] { try smtp.received().filter { ($0["body"] ?? "").contains("KB5033464") } }
        try pollHolding(timeout: 30) { try received().count >= 3 }
        // A few more rounds of both mailers: nothing may arrive a second time.
        Thread.sleep(forTimeInterval: 3)
        let delivered = try received()
        #expect(delivered.count == 3, "\(delivered.map { $0["to"] ?? "" })")
        // The outbox also held the demo's first mails: every mail in it was sent once, in one attempt.
        let outbox = try jobs.sql("SELECT count(*) FROM mail_outbox")
        #expect(try jobs.sql("SELECT count(*) FROM mail_outbox WHERE state = 'sent' AND attempts = 1") == outbox)
        #expect(String(try smtp.received().count) == outbox)
    }

    @Test("two discoveries started at once from two hosts: one runs, the other exits 101 naming host, pid, start time and command")
    func oneDiscoveryAtATime() throws {
        let jobs = try JobHome(onPostgres: true, hostID: "mgmt01")
        let second = try OtherHost(of: jobs, hostID: "mgmt02")
        // The first discovery is slow, so it still holds the lock when the second starts.
        try jobs.control("/control/faults", #"{"kind": "latency", "operation": "*", "latency_ms": 400}"#)
        let first = Process()
        first.executableURL = URL(fileURLWithPath: PatchbayBinary.path)
        first.arguments = ["update-info", "--repository", "--config", jobs.home.config]
        first.standardOutput = FileHandle.nullDevice
        first.standardError = FileHandle.nullDevice
        try first.run()
        try pollHolding(timeout: 20) { try jobs.sql("SELECT count(*) FROM cmdb_locks WHERE holder LIKE 'pid \(first.processIdentifier) %'") == "1" }
        let refused = try second.run("update-info", "--repository")
        first.waitUntilExit()
        try jobs.control("/control/faults", method: "DELETE")
        #expect(first.terminationStatus == 0)
        #expect(refused.status == 101, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("discovery of wsus01 is already running: pid \(first.processIdentifier) on mgmt01, started "), "\(refused.stderr)")
        #expect(refused.stderr.contains(": patchbay update-info --repository"), "\(refused.stderr)")
        let after = try second.run("update-info", "--repository")
        #expect(after.status == 0, "once the first is done the second host may discover: \(after.stderr)")
    }
}

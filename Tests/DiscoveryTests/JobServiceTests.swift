import Foundation
import PatchbayCore
import Services
import Testing
import TestSupport

/// Creating jobs and acting on them against a discovered CMDB (real SQLite file, real simulator).
@Suite("Jobs: requests and role rules")
struct JobServiceTests {
    @Test("a tenant user applies an approved, needed patch to its own server from the console; it owns the job")
    func apply() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        let job = try await fixture.jobs(as: "acme-user").apply(.init(servers: ["ACME-DB01"], patches: ["KB5033371"], options: .init(reboot: true), channel: .console))
        #expect(job.ownerID == "acme-user" && job.tenantID != nil)
        #expect(job.patches.map(\.kb) == ["KB5033371"])
        #expect(job.chains.map(\.serverName) == ["ACME-DB01"])
        #expect(job.chains[0].processes.map(\.kind) == [.scheduleStandby, .operationCheck, .patchApplication, .reboot, .verification])
        #expect(job.state == .scheduled)
        let audit = try await fixture.store.read { try await $0.audit.list(AuditFilter(limit: 1)) }
        #expect(audit.first?.operation == "patch apply" && audit.first?.actor == "acme-user" && audit.first?.outcome == .success)
        await fixture.stop()
    }

    @Test("every patch that is not approved, not needed or not applicable is refused with its reason; nothing is created")
    func refusals() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        let dual = try await fixture.jobs(as: "dual")
        do {
            _ = try await dual.apply(.init(servers: ["ACME-WEB01", "ACME-NEW01", "GLX-WEB01"], patches: ["KB5033118", "KB5033371"], channel: .command))
            Issue.record("accepted")
        } catch let error as PatchbayError {
            #expect(error.status == .badArguments)
            #expect(error.message.contains("KB5033118 is already installed on ACME-WEB01 (installed)"))
            #expect(error.message.contains("KB5033371 does not apply to ACME-WEB01"))
            #expect(error.message.contains("ACME-NEW01 has not reported to WSUS yet"))
            #expect(error.message.contains("KB5033118 is not approved for GLX-WEB01 in WSUS (not-approved)"))
        }
        await #expect(throws: PatchbayError.self) {
            _ = try await dual.apply(.init(servers: ["ACME-DB01"], patches: ["KB5033371"], at: Date().addingTimeInterval(-60), channel: .command))
        }
        await #expect(throws: PatchbayError.self) {
            _ = try await dual.apply(.init(servers: ["ACME-DB01"], patches: (0...100).map { "KB\(5_100_000 + $0)" }, channel: .command))
        }
        #expect(try await fixture.store.read { try await $0.jobs.list(state: nil, limit: 10) }.isEmpty)
        await fixture.stop()
    }

    @Test("who may apply and act follows the role table", arguments: [
        ("acme-user", JobService.Channel.command, PatchbayCore.ExitStatus.notPermitted),
        ("globex-user", .console, .notPermitted),
        ("infra", .console, .notPermitted),
        ("infra", .command, .success),
        ("dual", .console, .success),
    ])
    func permissions(user: String, channel: JobService.Channel, expected: PatchbayCore.ExitStatus) async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        do {
            let job = try await fixture.jobs(as: user).apply(.init(servers: ["ACME-DB01"], patches: ["KB5033371"], channel: channel))
            #expect(expected == .success)
            #expect((job.tenantID == nil) == (user == "infra" || user == "dual"), "admins' jobs are infrastructure jobs")
        } catch let error as PatchbayError {
            #expect(error.status == expected, "\(user) via \(channel): \(error.message)")
        }
        await fixture.stop()
    }

    @Test("cancel by the owner works; another tenant and the infra admin may not act on a tenant job, the infra admin may see it")
    func actions() async throws {
        let fixture = try await DiscoveryFixture()
        let (owner, job) = try await fixture.scheduledJob()
        let stranger = try await fixture.jobs(as: "globex-user")
        await #expect(throws: PatchbayError.self) { _ = try await stranger.act(.cancel, jobID: job.id) }
        #expect(try await stranger.list().isEmpty)
        let infra = try await fixture.jobs(as: "infra")
        #expect(try await infra.show(jobID: job.id).id == job.id)
        do { _ = try await infra.act(.cancel, jobID: job.id); Issue.record("infra admin acted on a tenant job") } catch let error as PatchbayError {
            #expect(error.status == .notPermitted)
        }
        let cancelled = try await owner.act(.cancel, jobID: job.id)
        #expect(cancelled.state == .cancelled)
        await #expect(throws: PatchbayError.self) { _ = try await owner.act(.retry, jobID: job.id) }
        let rerun = try await owner.rerunFailed(jobID: job.id, channel: .console)
        #expect(rerun.id != job.id && rerun.chains.map(\.serverName) == ["ACME-DB01"] && rerun.ownerID == "acme-user")
        await fixture.stop()
    }
}

@Suite("Servers with jobs")
struct ServersWithJobsTests {
    @Test("a server that appears in a job cannot be deleted; the message says why")
    func keepsHistory() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        _ = try await JobService(context: fixture.context(try await fixture.identity("dual")))
            .apply(.init(servers: ["ACME-DB01"], patches: ["KB5033371"], channel: .command))
        do {
            try await ServerService(context: fixture.context()).delete(names: ["ACME-DB01"])
            Issue.record("deleted")
        } catch let error as PatchbayError {
            #expect(error.status == .badArguments)
            #expect(error.message == "server 'ACME-DB01' appears in 1 job(s) and is kept for their history")
        }
        await fixture.stop()
    }

    @Test("the CLI and the console ask the service one question each: the jobs' tenant names, and whether a runner is alive")
    func namesAndRunners() async throws {
        let fixture = try await DiscoveryFixture()
        let (owner, job) = try await fixture.scheduledJob()
        var infra = job
        infra.tenantID = nil
        let names = try await owner.tenantNames(of: [job, infra])
        #expect(names[job.tenantID] == "acme" && names[nil] == JobService.infrastructureTenant)
        #expect(try await owner.runnerAlive() == false, "no daemon has announced a runner")
        try await fixture.store.write { try await $0.jobs.heartbeat(runner: "mgmt01:1", host: "mgmt01", pid: 1, leaseSeconds: 30, clock: .database) }
        #expect(try await owner.runnerAlive() == true)
        await fixture.stop()
    }

    @Test("a console job names its scripts: the service reads them from the scripts folder, and refuses (audited) any other name")
    func scriptsByName() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        let folder = fixture.folder + "/scripts"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "Stop-Service W3SVC\n".write(toFile: folder + "/stop-iis.ps1", atomically: true, encoding: .utf8)
        try "secret\n".write(toFile: fixture.folder + "/outside.ps1", atomically: true, encoding: .utf8)
        let library = ScriptLibrary(folder: folder)
        #expect(library.names() == ["stop-iis.ps1"])
        let service = JobService(context: fixture.context(try await fixture.identity("acme-user")), scripts: library)
        for name in ["../outside.ps1", "missing.ps1", folder + "/stop-iis.ps1"] {
            let refused = await patchbayError {
                _ = try await service.apply(.init(servers: ["ACME-DB01"], patches: ["KB5033371"], channel: .console, preScriptName: name))
            }
            #expect(refused?.status == .badArguments && refused?.message == "there is no script '\(name)' in the scripts folder", "\(name)")
        }
        let audit = try await fixture.store.read { try await $0.audit.list(AuditFilter()) }.filter { $0.operation == "patch apply" }
        #expect(audit.count == 3 && audit.allSatisfy { $0.outcome == .failure }, "each refusal is audited")
        let job = try await service.apply(.init(servers: ["ACME-DB01"], patches: ["KB5033371"], channel: .console, postScriptName: "stop-iis.ps1"))
        #expect(job.options.postScript == "Stop-Service W3SVC\n" && job.options.preScript.isEmpty)
        #expect(job.chains[0].processes.map(\.kind).contains(.postScript))
        await fixture.stop()
    }
}

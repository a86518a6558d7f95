import Foundation
import PatchbayCore
import Services
import Testing
import TestSupport

/// What the audit log says of actions on a discovered CMDB (real SQLite file, real simulator): where they were
/// asked for, and the tenant of what they acted on.
@Suite("Audit records: channel and the resource's tenant")
struct AuditRecordTests {
    static func last(_ fixture: DiscoveryFixture, _ operation: String) async throws -> AuditRecord? {
        try await fixture.store.read { try await $0.audit.list(AuditFilter()) }.last { $0.operation == operation }
    }

    @Test("a command on behalf of a user records via=command, a console one via=console; each names the job's tenant")
    func channels() async throws {
        let fixture = try await DiscoveryFixture()
        let (owner, job) = try await fixture.scheduledJob()
        let apply = try #require(try await Self.last(fixture, "patch apply"))
        #expect(apply.tenant == "acme" && apply.parameters.contains(AuditParameter("via", "console")), "\(apply)")

        let console = JobService(context: ServiceContext(store: fixture.store, principal: try await fixture.identity("acme-user"), channel: .console))
        _ = try await console.show(jobID: job.id)
        let shown = try #require(try await Self.last(fixture, "job show"))
        #expect(shown.tenant == "acme" && shown.parameters == [AuditParameter("job", String(job.id)), AuditParameter("via", "console")])

        _ = try await owner.act(.cancel, jobID: job.id)
        let cancelled = try #require(try await Self.last(fixture, "job cancel"))
        #expect(cancelled.tenant == "acme" && cancelled.parameters.contains(AuditParameter("via", "command")), "\(cancelled)")
        await fixture.stop()
    }

    @Test("an infrastructure job, which belongs to no tenant, names its servers' tenant")
    func infrastructureJob() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        let job = try await fixture.jobs(as: "infra").apply(.init(servers: ["ACME-DB01"], patches: ["KB5033371"], at: Date().addingTimeInterval(3600),
                                                                  channel: .command))
        #expect(job.tenantID == nil)
        let apply = try #require(try await Self.last(fixture, "patch apply"))
        #expect(apply.tenant == "acme" && apply.actor == "infra" && apply.parameters.contains(AuditParameter("via", "command")), "\(apply)")
        await fixture.stop()
    }

    @Test("a query names the tenant the principal may see, not the tenant its filter asked for")
    func queriedTenant() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        let acme = PatchQueryService(context: fixture.context(try await fixture.identity("acme-user")))
        let rows = try await acme.rows(PatchInfoFilter(tenant: "globex"))
        #expect(rows.isEmpty)
        let record = try #require(try await Self.last(fixture, "patch info"))
        #expect(record.tenant == "acme" && record.parameters.contains(AuditParameter("tenant", "globex")), "\(record)")
        _ = try? await acme.rows(PatchInfoFilter(tenant: "globex", server: "GLX-WEB01"))
        #expect(try await Self.last(fixture, "patch info")?.tenant == "acme", "a refused query too")
        _ = try await PatchQueryService(context: fixture.context()).rows(PatchInfoFilter(tenant: "globex"))
        #expect(try await Self.last(fixture, "patch info")?.tenant == "globex")
        await fixture.stop()
    }

    @Test("job show answers alike for a job that does not exist and one the user may not see")
    func invisibleLikeMissing() async throws {
        let fixture = try await DiscoveryFixture()
        let (_, job) = try await fixture.scheduledJob()
        let globex = try await fixture.jobs(as: "globex-user")
        let hidden = await patchbayError { _ = try await globex.show(jobID: job.id) }
        let missing = await patchbayError { _ = try await globex.show(jobID: job.id + 1000) }
        let hiddenAct = await patchbayError { _ = try await globex.act(.cancel, jobID: job.id) }
        #expect(hidden != nil && missing != nil)
        #expect(hidden?.status == missing?.status && hidden?.fix == missing?.fix)
        #expect(hidden?.message == "there is no job \(job.id)" && missing?.message == "there is no job \(job.id + 1000)")
        #expect(hiddenAct?.message == "there is no job \(job.id)" && hiddenAct?.status == missing?.status)
        let hiddenRerun = await patchbayError { _ = try await globex.rerunFailed(jobID: job.id, channel: .command) }
        #expect(hiddenRerun?.message == "there is no job \(job.id)" && hiddenRerun?.status == missing?.status)
        let rerun = try #require(try await Self.last(fixture, "job rerun-failed"))
        #expect(rerun.outcome == .failure && rerun.actor == "globex-user", "a refused re-run is audited")
        await fixture.stop()
    }
}

import Foundation
import PatchbayCore
import Services
import Testing

/// Rights are checked as they are at the moment of acting: a context made before its user changed (an open
/// console session, a long `--wait`) acts on nothing once the user is locked, deleted, or moved.
@Suite("Services re-read the acting user")
struct StaleIdentityTests {
    @Test("a user locked after its context was made creates no job; the refusal is audited")
    func lockedAfterLogin() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        let stale = try await fixture.jobs(as: "acme-user")
        try await UserService(context: fixture.context()).setLocked(id: "acme-user", true)
        do {
            _ = try await stale.apply(.init(servers: ["ACME-DB01"], patches: ["KB5033371"], channel: .console))
            Issue.record("a locked user created a job")
        } catch let error as PatchbayError {
            #expect(error.status == .notPermitted)
            #expect(error.message == "acme-user may not act any more: the user was locked")
        }
        #expect(try await fixture.store.read { try await $0.jobs.list(state: nil, limit: 10) }.isEmpty)
        let audit = try await fixture.store.read { try await $0.audit.list(AuditFilter(limit: 1)) }
        #expect(audit.first?.operation == "patch apply" && audit.first?.outcome == .failure && audit.first?.actor == "acme-user")
        await fixture.stop()
    }

    @Test("a user given another tenant or role, or deleted, lists nothing through an old context", arguments: ["tenant", "role", "delete"])
    func changedAfterLogin(change: String) async throws {
        let fixture = try await DiscoveryFixture()
        let (owner, _) = try await fixture.scheduledJob()
        let users = UserService(context: fixture.context())
        if change != "role" {
            // A user who owns servers can neither leave its tenant nor be deleted.
            for server in ["ACME-WEB01", "ACME-DB01", "ACME-NEW01"] {
                _ = try await ServerService(context: fixture.context()).update(name: server, .init(owners: []))
            }
        }
        switch change {
        case "tenant": _ = try await users.update(id: "acme-user", .init(tenant: "globex"))
        case "role": _ = try await users.update(id: "acme-user", .init(role: .tenantAdmin))
        default: try await users.delete(id: "acme-user")
        }
        await #expect(throws: PatchbayError.self) { _ = try await owner.list() }
        await fixture.stop()
    }
}

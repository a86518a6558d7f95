import Foundation
import PatchbayCore
import Services
import Testing
import TestSupport

/// Tenant isolation lives in the service layer: these call the services directly, as the console will.
@Suite("Tenant isolation in the services")
struct TenantIsolationTests {
    func seededServers(_ fixture: ServiceFixture) async throws {
        let csv = """
            192.0.2.1,ACME-1,acme,acme-user,,,
            192.0.2.2,ACME-2,acme,acme-other,,,
            198.51.100.1,GLX-1,globex,globex-user,,,
            """
        _ = try await fixture.servers.importFile(Data(csv.utf8), source: "servers.csv")
    }

    @Test("each role sees exactly the servers the role table allows")
    func serverVisibility() async throws {
        let fixture = try await ServiceFixture()
        try await seededServers(fixture)
        let expected: [String: Set<String>] = [
            "infra": ["ACME-1", "ACME-2", "GLX-1"], "dual": ["ACME-1", "ACME-2", "GLX-1"],
            "acme-admin": ["ACME-1", "ACME-2"], "acme-user": ["ACME-1"], "globex-user": ["GLX-1"],
        ]
        for (id, servers) in expected {
            let service = ServerService(context: fixture.context(try await fixture.identity(id)))
            #expect(Set(try await service.list().map(\.server.name)) == servers, "\(id)")
        }
    }

    @Test("tenant roles cannot administer; the refusal is exit 102 and audited as FAILURE")
    func administrationRefused() async throws {
        let fixture = try await ServiceFixture()
        for id in ["acme-admin", "acme-user"] {
            let principal = try await fixture.identity(id)
            let tenants = TenantService(context: fixture.context(principal))
            let servers = ServerService(context: fixture.context(principal))
            let addTenant = await patchbayError { _ = try await tenants.add(name: "evil", description: "") }
            #expect(addTenant?.status == .notPermitted)
            let addServer = await patchbayError {
                _ = try await servers.add(ServerDraft(ipAddress: "192.0.2.9", name: "X", tenant: "acme", owners: [],
                                                      hostName: "", osName: "", wsusComputerName: ""))
            }
            #expect(addServer?.status == .notPermitted)
            let audit = await patchbayError { _ = try await AuditService(context: fixture.context(principal)).list(AuditFilter()) }
            #expect(audit?.status == .notPermitted)
        }
        #expect(try await fixture.store.read { try await $0.tenants.named("evil") } == nil)
        #expect(try await fixture.serverNames().isEmpty)
        let refused = try await fixture.auditTrail().filter { $0.outcome == .failure }
        #expect(refused.count == 6)
        #expect(Set(refused.map(\.actor)) == ["acme-admin", "acme-user"])
    }

    @Test("tenant lists are scoped to the user's own tenant")
    func tenantVisibility() async throws {
        let fixture = try await ServiceFixture()
        let asGlobex = TenantService(context: fixture.context(try await fixture.identity("globex-user")))
        #expect(try await asGlobex.list().map(\.name) == ["globex"])
        let asInfra = TenantService(context: fixture.context(try await fixture.identity("infra")))
        #expect(try await asInfra.list().map(\.name) == ["acme", "globex"])
    }
}

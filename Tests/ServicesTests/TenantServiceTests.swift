import Foundation
import PatchbayCore
import Services
import Testing
import TestSupport

@Suite("Tenants")
struct TenantServiceTests {
    @Test("add, rename and describe a tenant; each step audited with its parameters")
    func lifecycle() async throws {
        let fixture = try await ServiceFixture(seed: false)
        _ = try await fixture.tenants.add(name: "initech", description: "Initech")
        let renamed = try await fixture.tenants.update(name: "initech", newName: "イニテック", description: "renamed")
        #expect(renamed.name == "イニテック" && renamed.description == "renamed")
        #expect(try await fixture.tenants.list().map(\.name) == ["イニテック"])
        let trail = try await fixture.auditTrail()
        #expect(trail.map(\.operation) == ["tenant add", "tenant update", "tenant list"])
        #expect(trail[0].actor == "#COMMAND" && trail[0].tenant == "initech" && trail[0].outcome == .success)
        #expect(trail[1].parameters.contains(AuditParameter("new-name", "イニテック")))
    }

    @Test("duplicate, blank and padded names are refused")
    func badNames() async throws {
        let fixture = try await ServiceFixture()
        for name in ["acme", "", " padded", String(repeating: "x", count: 65)] {
            let error = await patchbayError { _ = try await fixture.tenants.add(name: name, description: "") }
            #expect(error?.status == .badArguments, "\(name)")
        }
    }

    @Test("a tenant with users or servers cannot be deleted; an empty one can")
    func deletion() async throws {
        let fixture = try await ServiceFixture()
        let error = await patchbayError { try await fixture.tenants.delete(name: "acme") }
        #expect(error?.message == "tenant 'acme' still has 3 user(s) and 0 server(s)")
        _ = try await fixture.tenants.add(name: "empty", description: "")
        try await fixture.tenants.delete(name: "empty")
        #expect(try await fixture.store.read { try await $0.tenants.named("empty") } == nil)
    }
}

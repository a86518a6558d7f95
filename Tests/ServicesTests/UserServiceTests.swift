import Foundation
import PatchbayCore
import Services
import Testing
import TestSupport

@Suite("Users")
struct UserServiceTests {
    @Test("a tenant role needs a tenant, an infra admin may not have one")
    func tenantRules() async throws {
        let fixture = try await ServiceFixture()
        let noTenant = await patchbayError {
            _ = try await fixture.users.add(.init(id: "u1", role: .tenantUser, tenant: nil, email: "u1@example.com", language: .en),
                                            password: "long enough password")
        }
        #expect(noTenant?.status == .badArguments)
        #expect(noTenant?.remedy == .add(.tenant))
        let infraWithTenant = await patchbayError {
            _ = try await fixture.users.add(.init(id: "u2", role: .infraAdmin, tenant: "acme", email: "u2@example.com", language: .en),
                                            password: "long enough password")
        }
        #expect(infraWithTenant?.status == .badArguments)
        let unknownTenant = await patchbayError {
            _ = try await fixture.users.add(.init(id: "u3", role: .tenantAdmin, tenant: "nope", email: "u3@example.com", language: .en),
                                            password: "long enough password")
        }
        #expect(unknownTenant?.message == "there is no tenant 'nope'")
    }

    @Test("weak passwords, bad ids, bad e-mail and duplicates are refused and nothing is stored")
    func refusals() async throws {
        let fixture = try await ServiceFixture()
        let before = try await fixture.users.list().count
        let cases: [(String, String, String)] = [
            ("short-pw", "short", "s@example.com"),
            ("has-id", "xx has-id xx yy", "h@example.com"),
            ("bad id!", "long enough password", "b@example.com"),
            ("bad-mail", "long enough password", "not-an-address"),
            ("acme-user", "long enough password", "dup@example.com"),
        ]
        for (id, password, email) in cases {
            let error = await patchbayError {
                _ = try await fixture.users.add(.init(id: id, role: .tenantUser, tenant: "acme", email: email, language: .en), password: password)
            }
            #expect(error?.status == .badArguments, "\(id)")
        }
        #expect(try await fixture.users.list().count == before)
        let failures = try await fixture.auditTrail().filter { $0.operation == "user add" && $0.outcome == .failure }
        #expect(failures.count == cases.count)
        #expect(failures.allSatisfy { record in !record.parameters.contains { $0.value.contains("long enough password") } },
                "passwords never reach the audit log")
    }

    @Test("password change, lock and unlock are stored and audited")
    func passwordAndLock() async throws {
        let fixture = try await ServiceFixture()
        try await fixture.users.setPassword(id: "acme-user", password: "a brand new secret")
        try await fixture.users.setLocked(id: "acme-user", true)
        let user = try await fixture.store.read { try await $0.users.withID("acme-user") }!
        #expect(fixture.hasher.verify("a brand new secret", against: user.passwordHash))
        #expect(user.locked)
        try await fixture.users.setLocked(id: "acme-user", false)
        #expect(try await fixture.store.read { try await $0.users.withID("acme-user") }?.locked == false)
        let records = try await fixture.auditTrail().suffix(3)
        #expect(records.map(\.operation) == ["user passwd", "user lock", "user unlock"])
        #expect(records.allSatisfy { $0.tenant == "acme" }, "records about a tenant's user name the tenant")
    }

    @Test("a user who owns servers can be neither deleted nor moved to another tenant")
    func ownership() async throws {
        let fixture = try await ServiceFixture()
        _ = try await fixture.servers.add(ServerDraft(ipAddress: "192.0.2.1", name: "WEB01", tenant: "acme", owners: ["acme-user"],
                                                      hostName: "", osName: "", wsusComputerName: ""))
        let delete = await patchbayError { try await fixture.users.delete(id: "acme-user") }
        #expect(delete?.message.contains("WEB01") == true)
        let move = await patchbayError { _ = try await fixture.users.update(id: "acme-user", .init(tenant: "globex")) }
        #expect(move?.status == .badArguments)
        #expect(try await fixture.store.read { try await $0.users.withID("acme-user") }?.tenantID != nil)
        try await fixture.users.delete(id: "acme-other")
        #expect(try await fixture.store.read { try await $0.users.withID("acme-other") } == nil)
    }

    @Test("changing a tenant user to infra admin drops its tenant")
    func promotion() async throws {
        let fixture = try await ServiceFixture()
        let user = try await fixture.users.update(id: "acme-other", .init(role: .infraAdmin))
        #expect(user.role == .infraAdmin && user.tenantID == nil)
    }

    @Test("user lists are scoped: a tenant admin sees its tenant, a tenant user only itself")
    func scopedList() async throws {
        let fixture = try await ServiceFixture()
        let asAdmin = UserService(context: fixture.context(try await fixture.identity("acme-admin")), hasher: fixture.hasher)
        #expect(Set(try await asAdmin.list().map(\.user.id)) == ["acme-admin", "acme-user", "acme-other"])
        let asUser = UserService(context: fixture.context(try await fixture.identity("acme-user")), hasher: fixture.hasher)
        #expect(try await asUser.list().map(\.user.id) == ["acme-user"])
    }
}

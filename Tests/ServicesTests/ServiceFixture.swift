import CMDB
import Foundation
import PatchbayCore
import Services
import TestSupport

/// A real SQLite CMDB in a temporary folder, seeded with two tenants and their users, for service tests.
/// Hashing uses few PBKDF2 rounds here only to keep the suite fast; PasswordHasherTests covers the real cost.
final class ServiceFixture {
    let folder: String
    let store: SQLiteCMDB
    let hasher = PasswordHasher(rounds: 1_000)
    let clock = Date(timeIntervalSince1970: 1_795_000_000)

    init(seed: Bool = true) async throws {
        folder = NSTemporaryDirectory() + "patchbay-services-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        store = try await SQLiteCMDB.open(path: folder + "/cmdb.sqlite")
        if seed { try await self.seed() }
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func context(_ principal: Principal = .managementServer) -> ServiceContext {
        let now = clock
        return ServiceContext(store: store, principal: principal, now: { now })
    }

    var tenants: TenantService { TenantService(context: context()) }
    var users: UserService { UserService(context: context(), hasher: hasher) }
    var servers: ServerService { ServerService(context: context()) }

    func seed() async throws {
        _ = try await tenants.add(name: "acme", description: "Acme")
        _ = try await tenants.add(name: "globex", description: "Globex")
        for (id, role, tenant) in [("acme-admin", Role.tenantAdmin, "acme"), ("acme-user", .tenantUser, "acme"),
                                   ("acme-other", .tenantUser, "acme"), ("globex-user", .tenantUser, "globex"),
                                   ("infra", .infraAdmin, nil), ("dual", .dualAdmin, nil)] as [(String, Role, String?)] {
            _ = try await users.add(.init(id: id, role: role, tenant: tenant, email: "\(id)@example.com", language: .en),
                                    password: "correct horse battery")
        }
    }

    func identity(_ id: String) async throws -> Principal {
        let user = try await store.read { try await $0.users.withID(id) }!
        return .user(user.identity)
    }

    func serverNames() async throws -> [String] {
        try await store.read { try await $0.servers.all().map(\.name) }
    }

    func auditTrail() async throws -> [AuditRecord] {
        try await store.read { try await $0.audit.list(AuditFilter()) }
    }
}

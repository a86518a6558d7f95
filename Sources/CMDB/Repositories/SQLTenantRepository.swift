import Foundation
import PatchbayCore
import SQLKit

struct SQLTenantRepository: TenantRepository {
    let database: any SQLDatabase

    func all() async throws -> [Tenant] {
        try await database.raw("SELECT * FROM tenants ORDER BY name").all().map(tenant)
    }

    func named(_ name: String) async throws -> Tenant? {
        try await database.raw("SELECT * FROM tenants WHERE name = \(bind: name)").first().map(tenant)
    }

    func withID(_ id: Int64) async throws -> Tenant? {
        try await database.raw("SELECT * FROM tenants WHERE id = \(bind: id)").first().map(tenant)
    }

    func insert(name: String, description: String, at: Date) async throws -> Tenant {
        let stamp = Timestamp.text(at)
        let row = try await database.raw("""
            INSERT INTO tenants (name, description, created_at, updated_at)
            VALUES (\(bind: name), \(bind: description), \(bind: stamp), \(bind: stamp)) RETURNING id
            """).first()
        guard let id = try row?.int64("id") else { throw PatchbayError(.unexpected, "the CMDB returned no id for tenant \(name)") }
        return Tenant(id: id, name: name, description: description, createdAt: at, updatedAt: at)
    }

    func update(_ tenant: Tenant) async throws {
        try await database.raw("""
            UPDATE tenants SET name = \(bind: tenant.name), description = \(bind: tenant.description),
                updated_at = \(bind: Timestamp.text(tenant.updatedAt))
            WHERE id = \(bind: tenant.id)
            """).run()
        // The server list shows tenant names.
        try await ChangeCounter(database: database).bump(at: tenant.updatedAt)
    }

    func delete(id: Int64) async throws {
        try await database.raw("DELETE FROM tenants WHERE id = \(bind: id)").run()
    }

    func usage(id: Int64) async throws -> TenantUsage {
        let row = try await database.raw("""
            SELECT (SELECT count(*) FROM users WHERE tenant_id = \(bind: id)) AS users,
                   (SELECT count(*) FROM servers WHERE tenant_id = \(bind: id)) AS servers
            """).first()
        return TenantUsage(users: Int(try row?.int64("users") ?? 0), servers: Int(try row?.int64("servers") ?? 0))
    }

    private func tenant(_ row: any SQLRow) throws -> Tenant {
        Tenant(id: try row.int64("id"), name: try row.string("name"), description: try row.string("description"),
               createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}

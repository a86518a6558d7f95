import PatchbayCore

/// Finding things by the names operators type, with a "not found" message that says how to list them.
enum Lookup {
    static func tenant(_ name: String, in session: any CMDBSession) async throws -> Tenant {
        guard let tenant = try await session.tenants.named(name) else {
            throw PatchbayError.badArguments("there is no tenant '\(name)'", remedy: .see(.tenants))
        }
        return tenant
    }

    static func user(_ id: String, in session: any CMDBSession) async throws -> User {
        guard let user = try await session.users.withID(id) else {
            throw PatchbayError.badArguments("there is no user '\(id)'", remedy: .see(.users))
        }
        return user
    }

    static func server(_ name: String, in session: any CMDBSession) async throws -> Server {
        guard let server = try await session.servers.named(name) else {
            throw PatchbayError.badArguments("there is no server '\(name)'", remedy: .see(.servers))
        }
        return server
    }
}

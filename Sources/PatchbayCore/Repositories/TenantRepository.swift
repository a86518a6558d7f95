import Foundation

public protocol TenantRepository: Sendable {
    func all() async throws -> [Tenant]
    func named(_ name: String) async throws -> Tenant?
    func withID(_ id: Int64) async throws -> Tenant?
    func insert(name: String, description: String, at: Date) async throws -> Tenant
    func update(_ tenant: Tenant) async throws
    func delete(id: Int64) async throws
    /// How many users and servers still belong to the tenant (a tenant in use cannot be deleted).
    func usage(id: Int64) async throws -> TenantUsage
}

public struct TenantUsage: Sendable, Hashable {
    public var users: Int
    public var servers: Int

    public init(users: Int, servers: Int) {
        self.users = users
        self.servers = servers
    }

    public var isEmpty: Bool { users == 0 && servers == 0 }
}

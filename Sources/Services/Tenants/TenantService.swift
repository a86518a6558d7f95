import Foundation
import PatchbayCore

/// Adding, changing, removing and listing tenants.
public struct TenantService: Sendable {
    let context: ServiceContext
    private var audit: AuditTrail { AuditTrail(context: context) }

    public init(context: ServiceContext) {
        self.context = context
    }

    public func add(name: String, description: String) async throws -> Tenant {
        let parameters = [AuditParameter("name", name), AuditParameter("description", description)]
        return try await audit.write("tenant add", parameters, tenant: name) { session in
            try context.require(.administer, .system, "add tenants")
            try NameRules.checkDisplayName(name, what: "tenant name", input: .name)
            if try await session.tenants.named(name) != nil {
                throw PatchbayError.badArguments("tenant '\(name)' already exists", remedy: .chooseAnotherOrUpdate(.tenant))
            }
            return try await session.tenants.insert(name: name, description: description, at: context.now())
        }
    }

    public func update(name: String, newName: String?, description: String?) async throws -> Tenant {
        var parameters = [AuditParameter("name", name)]
        if let newName { parameters.append(.init("new-name", newName)) }
        if let description { parameters.append(.init("description", description)) }
        return try await audit.write("tenant update", parameters, tenant: name) { session in
            try context.require(.administer, .system, "change tenants")
            var tenant = try await Lookup.tenant(name, in: session)
            if let newName, newName != name {
                try NameRules.checkDisplayName(newName, what: "tenant name", input: .newName)
                if try await session.tenants.named(newName) != nil {
                    throw PatchbayError.badArguments("tenant '\(newName)' already exists", fix: "choose another new name")
                }
                tenant.name = newName
            }
            if let description { tenant.description = description }
            tenant.updatedAt = context.now()
            try await session.tenants.update(tenant)
            return tenant
        }
    }

    public func delete(name: String) async throws {
        try await audit.write("tenant delete", [.init("name", name)], tenant: name) { session in
            try context.require(.administer, .system, "delete tenants")
            let tenant = try await Lookup.tenant(name, in: session)
            let usage = try await session.tenants.usage(id: tenant.id)
            guard usage.isEmpty else {
                throw PatchbayError.badArguments(
                    "tenant '\(name)' still has \(usage.users) user(s) and \(usage.servers) server(s)",
                    remedy: .emptyTenant)
            }
            try await session.tenants.delete(id: tenant.id)
        }
    }

    /// The tenants the acting principal may see.
    public func list() async throws -> [Tenant] {
        try await audit.write("tenant list", []) { session in
            try await session.tenants.all().filter { may(context.principal, .view, .tenant($0.id)) }
        }
    }
}

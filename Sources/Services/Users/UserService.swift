import Foundation
import PatchbayCore

/// Operator accounts: creation, changes, passwords, locking. Passwords arrive in plain text only here
/// and leave as a slow hash; they are never part of an audit record.
public struct UserService: Sendable {
    let context: ServiceContext
    let hasher: PasswordHasher
    private var audit: AuditTrail { AuditTrail(context: context) }

    public init(context: ServiceContext, hasher: PasswordHasher = PasswordHasher()) {
        self.context = context
        self.hasher = hasher
    }

    public struct NewUser: Sendable {
        public var id: String
        public var role: Role
        public var tenant: String?
        public var email: String
        public var language: Language

        public init(id: String, role: Role, tenant: String?, email: String, language: Language) {
            self.id = id
            self.role = role
            self.tenant = tenant
            self.email = email
            self.language = language
        }
    }

    public struct Changes: Sendable {
        public var role: Role?
        /// `.some(nil)` removes the tenant (allowed for dual-role admins only).
        public var tenant: String??
        public var email: String?
        public var language: Language?

        public init(role: Role? = nil, tenant: String?? = nil, email: String? = nil, language: Language? = nil) {
            self.role = role
            self.tenant = tenant
            self.email = email
            self.language = language
        }
    }

    public func add(_ new: NewUser, password: String) async throws -> User {
        let parameters = [AuditParameter("id", new.id), .init("role", new.role.rawValue), .init("tenant", new.tenant ?? ""),
                          .init("email", new.email), .init("language", new.language.rawValue)]
        let hash: String
        do {
            try context.require(.administer, .system, "add users")
            try NameRules.checkUserID(new.id)
            try PasswordPolicy.check(password, userID: new.id)
            hash = try hasher.hash(password)
        } catch {
            await audit.fail("user add", parameters, tenant: new.tenant, error: error)
            throw error
        }
        return try await audit.write("user add", parameters, tenant: new.tenant) { session in
            if try await session.users.withID(new.id) != nil {
                throw PatchbayError.badArguments("user '\(new.id)' already exists", remedy: .chooseAnotherOrUpdate(.user))
            }
            try NameRules.checkEmail(new.email)
            let tenantID = try await tenantID(for: new.role, tenant: new.tenant, in: session)
            let now = context.now()
            let user = User(id: new.id, role: new.role, tenantID: tenantID, email: new.email, language: new.language,
                            passwordHash: hash, locked: false, createdAt: now, updatedAt: now)
            try await session.users.insert(user)
            return user
        }
    }

    public func update(id: String, _ changes: Changes) async throws -> User {
        var parameters = [AuditParameter("id", id)]
        if let role = changes.role { parameters.append(.init("role", role.rawValue)) }
        if let tenant = changes.tenant { parameters.append(.init("tenant", tenant ?? "")) }
        if let email = changes.email { parameters.append(.init("email", email)) }
        if let language = changes.language { parameters.append(.init("language", language.rawValue)) }
        return try await audit.write("user update", parameters, tenant: await tenantName(ofUser: id)) { session in
            try context.require(.administer, .system, "change users")
            var user = try await Lookup.user(id, in: session)
            let role = changes.role ?? user.role
            let tenantName: String?
            if let requested = changes.tenant {
                tenantName = requested
            } else if role == .infraAdmin || user.tenantID == nil {
                tenantName = nil
            } else {
                tenantName = try await session.tenants.withID(user.tenantID!)?.name
            }
            let tenantID = try await tenantID(for: role, tenant: tenantName, in: session)
            let owned = try await session.users.ownedServerNames(id: id)
            if !owned.isEmpty && (tenantID != user.tenantID || !role.requiresTenant) {
                throw PatchbayError.badArguments(
                    "user '\(id)' owns servers of its current tenant: \(owned.joined(separator: ", "))",
                    remedy: .reassignServers)
            }
            if let email = changes.email {
                try NameRules.checkEmail(email)
                user.email = email
            }
            user.role = role
            user.tenantID = tenantID
            if let language = changes.language { user.language = language }
            user.updatedAt = context.now()
            try await session.users.update(user)
            return user
        }
    }

    public func setPassword(id: String, password: String) async throws {
        let hash: String
        do {
            try context.require(.administer, .system, "change passwords")
            try PasswordPolicy.check(password, userID: id)
            hash = try hasher.hash(password)
        } catch {
            await audit.fail("user passwd", [.init("id", id)], tenant: await tenantName(ofUser: id), error: error)
            throw error
        }
        try await audit.write("user passwd", [.init("id", id)], tenant: await tenantName(ofUser: id)) { session in
            var user = try await Lookup.user(id, in: session)
            user.passwordHash = hash
            user.updatedAt = context.now()
            try await session.users.update(user)
        }
    }

    public func setLocked(id: String, _ locked: Bool) async throws {
        let operation = locked ? "user lock" : "user unlock"
        try await audit.write(operation, [.init("id", id)], tenant: await tenantName(ofUser: id)) { session in
            try context.require(.administer, .system, locked ? "lock users" : "unlock users")
            var user = try await Lookup.user(id, in: session)
            user.locked = locked
            user.updatedAt = context.now()
            try await session.users.update(user)
        }
    }

    public func delete(id: String) async throws {
        try await audit.write("user delete", [.init("id", id)], tenant: await tenantName(ofUser: id)) { session in
            try context.require(.administer, .system, "delete users")
            _ = try await Lookup.user(id, in: session)
            let owned = try await session.users.ownedServerNames(id: id)
            guard owned.isEmpty else {
                throw PatchbayError.badArguments(
                    "user '\(id)' still owns servers: \(owned.joined(separator: ", "))",
                    remedy: .reassignServers)
            }
            try await session.users.delete(id: id)
        }
    }

    /// The users the acting principal may see: admins see everyone, tenant roles their own tenant.
    public func list(tenant: String? = nil) async throws -> [UserListing] {
        let parameters = tenant.map { [AuditParameter("tenant", $0)] } ?? []
        return try await audit.writeQuery("user list", parameters, filterTenant: tenant) { session in
            let tenants = Dictionary(uniqueKeysWithValues: try await session.tenants.all().map { ($0.id, $0) })
            var filterID: Int64?
            if let tenant { filterID = try await Lookup.tenant(tenant, in: session).id }
            return try await session.users.all()
                .filter { user in filterID == nil || user.tenantID == filterID }
                .filter { user in canSee(user) }
                .map { UserListing(user: $0, tenantName: $0.tenantID.flatMap { tenants[$0]?.name }) }
        }
    }

    /// The tenant an audit record about this user concerns (nil for admins and unknown ids).
    private func tenantName(ofUser id: String) async -> String? {
        try? await context.store.read { session -> String? in
            guard let tenantID = try await session.users.withID(id)?.tenantID else { return nil }
            return try await session.tenants.withID(tenantID)?.name
        }
    }

    private func canSee(_ user: User) -> Bool {
        switch context.principal {
        case .managementServer: return true
        case .user(let me):
            if me.id == user.id { return true }
            if me.role == .tenantUser { return false }
            guard let tenantID = user.tenantID else { return may(context.principal, .administer, .system) }
            return may(context.principal, .view, .tenant(tenantID))
        }
    }

    private func tenantID(for role: Role, tenant: String?, in session: any CMDBSession) async throws -> Int64? {
        guard let tenant, !tenant.isEmpty else {
            if role.requiresTenant {
                throw PatchbayError.badArguments("a \(role.title) must belong to a tenant", remedy: .add(.tenant))
            }
            return nil
        }
        guard role.allowsTenant else {
            throw PatchbayError.badArguments("an \(role.title) works across tenants and cannot belong to one",
                                             remedy: .leaveOutTenantOrChooseDualAdmin)
        }
        return try await Lookup.tenant(tenant, in: session).id
    }
}

/// A user as listed: the stored user plus its tenant's name.
public struct UserListing: Sendable, Hashable {
    public var user: User
    public var tenantName: String?
}


import Foundation

/// An operator account. The password exists only as `passwordHash` (algorithm, parameters, salt, digest).
public struct User: Sendable, Hashable {
    public var id: String
    public var role: Role
    public var tenantID: Int64?
    public var email: String
    public var language: Language
    public var passwordHash: String
    public var locked: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, role: Role, tenantID: Int64?, email: String, language: Language,
        passwordHash: String, locked: Bool, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.role = role
        self.tenantID = tenantID
        self.email = email
        self.language = language
        self.passwordHash = passwordHash
        self.locked = locked
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var identity: UserIdentity {
        UserIdentity(id: id, role: role, tenantID: tenantID, locked: locked)
    }
}

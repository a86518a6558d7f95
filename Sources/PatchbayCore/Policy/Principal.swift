/// Who is asking. Commands typed in a shell on the management server act as `.managementServer`;
/// everything a logged-in person does acts as `.user`.
public enum Principal: Sendable, Hashable {
    case managementServer
    case user(UserIdentity)

    /// The name written to the audit log.
    public var auditName: String {
        switch self {
        case .managementServer: return AuditRecord.commandActor
        case .user(let identity): return identity.id
        }
    }
}

/// The part of a user that access decisions depend on.
public struct UserIdentity: Sendable, Hashable {
    public var id: String
    public var role: Role
    public var tenantID: Int64?
    public var locked: Bool

    public init(id: String, role: Role, tenantID: Int64?, locked: Bool = false) {
        self.id = id
        self.role = role
        self.tenantID = tenantID
        self.locked = locked
    }
}

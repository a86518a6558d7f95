/// Why an open console session ended without its user quitting. A session acts with the identity it
/// logged in with; when the stored user no longer matches it, continuing would act on stale rights.
public enum SessionEnd: Sendable, Hashable {
    case locked
    case deleted
    case roleChanged(from: Role, to: Role)
    case tenantChanged
    /// No key for this many minutes (`ui.idle_minutes`).
    case idle(minutes: Int)

    /// The reason to end a session that logged in as `identity`, now that the user reads `current` (nil:
    /// deleted); nil while nothing that decides access has changed.
    public static func change(from identity: UserIdentity, to current: User?) -> SessionEnd? {
        guard let current else { return .deleted }
        if current.locked { return .locked }
        if current.role != identity.role { return .roleChanged(from: identity.role, to: current.role) }
        if current.tenantID != identity.tenantID { return .tenantChanged }
        return nil
    }

    /// The audit log's wording (English, like every audit message).
    public var auditMessage: String {
        switch self {
        case .locked: return "the user was locked"
        case .deleted: return "the user was deleted"
        case .roleChanged(let from, let to): return "the user's role changed from \(from.rawValue) to \(to.rawValue)"
        case .tenantChanged: return "the user's tenant changed"
        case .idle(let minutes): return "no key for \(minutes) minute\(minutes == 1 ? "" : "s")"
        }
    }
}

/// The four operator roles of docs/architecture.md §1. Raw values are what users type on the command line.
public enum Role: String, Sendable, CaseIterable, Codable, Hashable {
    case infraAdmin = "infra-admin"
    case dualAdmin = "dual-admin"
    case tenantAdmin = "tenant-admin"
    case tenantUser = "tenant-user"

    /// Tenant roles only ever act inside their own tenant, so they must belong to one.
    public var requiresTenant: Bool {
        switch self {
        case .tenantAdmin, .tenantUser: return true
        case .infraAdmin, .dualAdmin: return false
        }
    }

    /// An infrastructure admin works across tenants and is never a member of one.
    public var allowsTenant: Bool { self != .infraAdmin }

    public var title: String {
        switch self {
        case .infraAdmin: return "infrastructure admin"
        case .dualAdmin: return "dual-role admin"
        case .tenantAdmin: return "tenant admin"
        case .tenantUser: return "tenant user"
        }
    }

    public static var choices: String { allCases.map(\.rawValue).joined(separator: "|") }
}

/// UI and mail language of a user.
public enum Language: String, Sendable, CaseIterable, Codable, Hashable {
    case en
    case ja

    public static var choices: String { allCases.map(\.rawValue).joined(separator: "|") }
}

import Foundation
import PatchbayCore

/// What every service call needs: the CMDB, who is acting, and the clock (injected so tests can pin time).
public struct ServiceContext: Sendable {
    public let store: any CMDBStore
    public let principal: Principal
    public let now: @Sendable () -> Date
    /// The mail texts (built-in, or with the configured overrides).
    public let templates: MailTemplates
    /// Where the action was asked for; every audit record says it (`via=console` or `via=command`).
    public let channel: ActionChannel

    public init(store: any CMDBStore, principal: Principal, now: @escaping @Sendable () -> Date = { Date() },
                templates: MailTemplates = .builtIn, channel: ActionChannel = .command) {
        self.store = store
        self.principal = principal
        self.now = now
        self.templates = templates
        self.channel = channel
    }

    /// The tenant a query of the acting principal is about: a tenant-scoped user's own (whatever the filter
    /// asked for, it sees only that), else the filter's.
    func queriedTenant(_ filter: String?, in session: any CMDBSession) async throws -> String? {
        guard case .user(let identity) = principal, identity.role.requiresTenant, let tenantID = identity.tenantID else { return filter }
        return try await session.tenants.withID(tenantID)?.name
    }

    /// Throws "not permitted" unless the role table allows `action` on `resource`.
    func require(_ action: Action, _ resource: Resource, _ what: String) throws {
        guard may(principal, action, resource) else { throw refusal(what) }
    }

    /// The "not permitted" answer for `what`, for checks that are more than one call of the role table.
    func refusal(_ what: String) -> PatchbayError {
        PatchbayError.notPermitted("\(principal.auditName) may not \(what)",
                                   fix: "ask an infrastructure or dual-role admin to do it, or to change your role")
    }
}

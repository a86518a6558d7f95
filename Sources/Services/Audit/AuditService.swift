import Foundation
import PatchbayCore

/// Reading the audit log. Reading it is itself audited.
public struct AuditService: Sendable {
    let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    public func list(_ filter: AuditFilter) async throws -> [AuditRecord] {
        var parameters: [AuditParameter] = []
        if let since = filter.since { parameters.append(.init("since", ISO8601DateFormatter().string(from: since))) }
        if let actor = filter.actor { parameters.append(.init("user", actor)) }
        if let tenant = filter.tenant { parameters.append(.init("tenant", tenant)) }
        return try await AuditTrail(context: context).write("audit list", parameters) { session in
            try context.require(.administer, .system, "read the audit log")
            return try await session.audit.list(filter)
        }
    }
}

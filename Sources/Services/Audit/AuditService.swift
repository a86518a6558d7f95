import Foundation
import PatchbayCore

/// Reading the audit log. Reading it is itself audited.
public struct AuditService: Sendable {
    let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    public func list(_ filter: AuditFilter) async throws -> [AuditRecord] {
        try await AuditTrail(context: context).write("audit list", Self.parameters(filter)) { session in
            try context.require(.administer, .system, "read the audit log")
            return try await session.audit.list(filter)
        }
    }

    /// The records of `filter` handed to `emit` a page at a time as they are read, newest last; returns how many.
    /// It reads in a read transaction and is audited once the last page is out (like `patch info`).
    @discardableResult
    public func stream(_ filter: AuditFilter, _ emit: ([AuditRecord]) throws -> Void) async throws -> Int {
        try await AuditTrail(context: context).streamedQuery("audit list", Self.parameters(filter), filterTenant: nil) { session in
            try context.require(.administer, .system, "read the audit log")
            var count = 0
            try await session.audit.forEachPage(filter) { page in
                try emit(page)
                count += page.count
            }
            return count
        }
    }

    private static func parameters(_ filter: AuditFilter) -> [AuditParameter] {
        var parameters: [AuditParameter] = []
        if let since = filter.since { parameters.append(.init("since", ISO8601DateFormatter().string(from: since))) }
        if let actor = filter.actor { parameters.append(.init("user", actor)) }
        if let tenant = filter.tenant { parameters.append(.init("tenant", tenant)) }
        return parameters
    }
}

import Foundation
import PatchbayCore

/// Runs an operator action and records it in the audit log: in the same transaction when it succeeds,
/// in a transaction of its own when it fails (the failed work itself is rolled back).
struct AuditTrail {
    let context: ServiceContext

    func write<T: Sendable>(
        _ operation: String, _ parameters: [AuditParameter], tenant: String? = nil,
        _ body: (any CMDBSession) async throws -> T
    ) async throws -> T {
        try await writeNamingTenant(operation, parameters, tenant: tenant) { session in (try await body(session), tenant) }
    }

    /// As `write`, for actions whose resource names its tenant only once it is read (a job): the body returns
    /// it; `tenant` is what a failed action records.
    func writeNamingTenant<T: Sendable>(
        _ operation: String, _ parameters: [AuditParameter], tenant: String? = nil,
        _ body: (any CMDBSession) async throws -> (T, tenant: String?)
    ) async throws -> T {
        try await perform(operation, parameters, body, failureTenant: { _ in tenant })
    }

    /// As `write`, for a list or a query: its record names the tenant the principal may see (a tenant user's own,
    /// whatever `filterTenant` asked for), else the filter's; a refused query too.
    func writeQuery<T: Sendable>(
        _ operation: String, _ parameters: [AuditParameter], filterTenant: String?,
        _ body: (any CMDBSession) async throws -> T
    ) async throws -> T {
        let scoped = queriedTenant(filterTenant)
        return try await perform(operation, parameters, { session in (try await body(session), await scoped(session)) }, failureTenant: scoped)
    }

    /// As `writeQuery`, for a query whose rows stream out while it reads (a listing of a million rows): it reads in
    /// a read transaction, which holds no writer up however slowly the rows are taken, and its record is written
    /// once the last row is out.
    func streamedQuery<T: Sendable>(
        _ operation: String, _ parameters: [AuditParameter], filterTenant: String?,
        _ body: (any CMDBSession) async throws -> T
    ) async throws -> T {
        let scoped = queriedTenant(filterTenant)
        do {
            let (result, tenant) = try await context.store.read { session in
                try await requireCurrentIdentity(in: session)
                return (try await body(session), await scoped(session))
            }
            try await context.store.write { session in try await session.audit.append(record(operation, parameters, tenant, .success, nil)) }
            return result
        } catch {
            await recordFailure(operation, parameters, error, tenant: scoped)
            throw error
        }
    }

    /// The tenant a query's record names: the one the principal may see (a tenant user's own, whatever the filter
    /// asked for), else the filter's.
    private func queriedTenant(_ filterTenant: String?) -> (any CMDBSession) async -> String? {
        { session in (try? await context.queriedTenant(filterTenant, in: session)) ?? filterTenant }
    }

    /// The one way an action is audited: success in its own transaction, a failure in one of its own.
    private func perform<T: Sendable>(
        _ operation: String, _ parameters: [AuditParameter], _ body: (any CMDBSession) async throws -> (T, tenant: String?),
        failureTenant: (any CMDBSession) async -> String?
    ) async throws -> T {
        do {
            return try await context.store.write { session in
                try await requireCurrentIdentity(in: session)
                let (result, resourceTenant) = try await body(session)
                try await session.audit.append(record(operation, parameters, resourceTenant, .success, nil))
                return result
            }
        } catch {
            await recordFailure(operation, parameters, error, tenant: failureTenant)
            throw error
        }
    }

    /// A failed action's record, in a transaction of its own (the failed work itself was rolled back).
    private func recordFailure(_ operation: String, _ parameters: [AuditParameter], _ error: any Error,
                               tenant: (any CMDBSession) async -> String?) async {
        let message = (error as? PatchbayError)?.message ?? String(describing: error)
        try? await context.store.write { session in
            try await session.audit.append(record(operation, parameters, await tenant(session), .failure, message))
        }
    }

    /// Refuses to act for a user whose stored account no longer matches the identity the caller holds (locked,
    /// deleted, another role or tenant since login): rights are checked as they are at the moment of acting,
    /// inside the transaction that acts.
    private func requireCurrentIdentity(in session: any CMDBSession) async throws {
        guard case .user(let identity) = context.principal,
              let ended = try await SessionGuard.change(of: identity, in: session) else { return }
        throw PatchbayError.notPermitted("\(identity.id) may not act any more: \(ended.auditMessage)",
                                         remedy: .logInAgain)
    }

    /// Records a failure that happened before any CMDB work started (for example invalid input).
    func fail(_ operation: String, _ parameters: [AuditParameter], tenant: String? = nil, error: any Error) async {
        let message = (error as? PatchbayError)?.message ?? String(describing: error)
        try? await context.store.write { session in
            try await session.audit.append(record(operation, parameters, tenant, .failure, message))
        }
    }

    private func record(
        _ operation: String, _ parameters: [AuditParameter], _ tenant: String?, _ outcome: AuditRecord.Outcome, _ message: String?
    ) -> AuditRecord {
        let via = parameters.contains { $0.name == "via" } ? [] : [AuditParameter("via", context.channel.rawValue)]
        return AuditRecord(at: context.now(), actor: context.principal.auditName, tenant: tenant, operation: operation,
                           parameters: parameters + via, outcome: outcome, message: message)
    }
}

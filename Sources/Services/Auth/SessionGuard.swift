import Foundation
import PatchbayCore

/// Keeps a long-lived console session honest: the session acts with the identity it logged in with, so before
/// each action the stored user is read again, and a session whose user was locked, deleted, or given another
/// role or tenant is ended (and audited) instead of acting on rights it no longer has.
public struct SessionGuard: Sendable {
    let store: any CMDBStore
    let now: @Sendable () -> Date

    public init(store: any CMDBStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// Why the session of `identity` must end now, or nil while it may go on.
    public func check(_ identity: UserIdentity) async throws -> SessionEnd? {
        try await store.read { try await Self.change(of: identity, in: $0) }
    }

    /// The same question inside a transaction that is about to act (AuditTrail).
    static func change(of identity: UserIdentity, in session: any CMDBSession) async throws -> SessionEnd? {
        SessionEnd.change(from: identity, to: try await session.users.withID(identity.id))
    }

    /// Records that the session of `identity` ended for `reason`. Idling out is routine; a changed account is a
    /// refusal and is recorded as a failure.
    public func recordEnd(of identity: UserIdentity, because reason: SessionEnd) async {
        let outcome: AuditRecord.Outcome
        if case .idle = reason { outcome = .success } else { outcome = .failure }
        try? await store.write { session in
            var tenant: String?
            if let id = identity.tenantID { tenant = try await session.tenants.withID(id)?.name }
            try await session.audit.append(AuditRecord(
                at: now(), actor: identity.id, tenant: tenant, operation: "session end", parameters: [AuditParameter("via", "console")],
                outcome: outcome, message: reason.auditMessage))
        }
    }
}

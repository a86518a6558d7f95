import Foundation
import PatchbayCore

/// Console logins. A refusal never says whether the user exists: unknown ids, wrong passwords, locked
/// accounts and too many recent attempts all get the same message and cost the same, one key derivation
/// (an unknown or locked-out id is checked against a decoy hash).
///
/// The lockout holds under parallel attempts: each attempt is written as pending, in the transaction that
/// counts the recent ones, before its password is checked; so with `attempts` = N at most N passwords of an
/// id are checked in `minutes`, however many consoles send one at once. The key derivation runs between two
/// short write transactions, never inside one. Every attempt is audited under the id that was typed.
public struct LoginService: Sendable {
    let context: ServiceContext
    let hasher: PasswordHasher
    let attempts: Int
    let minutes: Int
    /// Made with the service, so the first unknown id costs what every other attempt costs.
    let decoy: String

    public init(context: ServiceContext, hasher: PasswordHasher = PasswordHasher(), attempts: Int = 5, minutes: Int = 15) {
        self.context = context
        self.hasher = hasher
        self.attempts = attempts
        self.minutes = minutes
        decoy = hasher.decoy()
    }

    public static let refusal = "login refused: the user id or password is wrong, or the account is locked for now"

    public func login(userID: String, password: String) async throws -> User {
        let now = context.now()
        let id = String(userID.prefix(64))
        let since = now.addingTimeInterval(-Double(minutes) * 60)
        let (user, reservation) = try await context.store.write { session in
            (try await session.users.withID(id),
             try await session.users.reserveLoginAttempt(id: id, at: now, since: since, limit: attempts))
        }
        let checked = reservation != nil
        let matches = hasher.verify(password, against: checked ? (user?.passwordHash ?? decoy) : decoy)
        let accepted = checked && matches && user != nil && user?.locked == false
        try await context.store.write { session in
            if let reservation { try await session.users.settleLoginAttempt(reservation, succeeded: accepted) }
            try await session.audit.append(AuditRecord(
                at: now, actor: Self.auditActor(typed: id, known: user != nil), tenant: nil, operation: "login", parameters: [AuditParameter("via", "console")],
                outcome: accepted ? .success : .failure, message: accepted ? nil : refusalRecord(reservation)))
        }
        guard accepted, let user else {
            throw PatchbayError.notPermitted(Self.refusal, fix: "check the id and password; after \(attempts) failures wait \(minutes) minutes or ask an administrator")
        }
        return user
    }

    /// Who the audit log says tried: a user's id as it is; anything else typed into the id field (a mistyped id, a
    /// password typed in the wrong field, `#COMMAND`, terminal escapes) only as its first two characters, made
    /// visible, and its length, so that no secret is stored whole and no record passes for another actor.
    static func auditActor(typed id: String, known: Bool) -> String {
        known ? id : "unknown id '\(VisibleText.escaped(String(id.prefix(2))))…' (\(id.count) characters)"
    }

    /// What the audit log says of a refused attempt: whether its password was checked at all.
    private func refusalRecord(_ reservation: LoginReservation?) -> String {
        guard let reservation else {
            return "refused without checking the password: \(attempts) attempts in \(minutes) min, locked for now"
        }
        return reservation.earlier + 1 >= attempts ? "refused; \(reservation.earlier + 1) failures in \(minutes) min, locked for now" : "refused"
    }
}

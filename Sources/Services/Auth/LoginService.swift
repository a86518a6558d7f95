import Foundation
import PatchbayCore

/// Console logins. A refusal never says whether the user exists: unknown ids, wrong passwords, locked
/// accounts and too many recent failures all get the same message and take the same time (the password is
/// always checked against a hash). After `attempts` failures within `minutes`, the id is refused until the
/// oldest of them ages out. Every attempt is audited under the id that was typed.
public struct LoginService: Sendable {
    let context: ServiceContext
    let hasher: PasswordHasher
    let attempts: Int
    let minutes: Int

    public init(context: ServiceContext, hasher: PasswordHasher = PasswordHasher(), attempts: Int = 5, minutes: Int = 15) {
        self.context = context
        self.hasher = hasher
        self.attempts = attempts
        self.minutes = minutes
    }

    public static let refusal = "login refused: the user id or password is wrong, or the account is locked for now"

    /// A hash to check against when the id is unknown, so that the answer takes as long as for a real user.
    private static let decoy = (try? PasswordHasher().hash("patchbay-decoy-password")) ?? ""

    public func login(userID: String, password: String) async throws -> User {
        let now = context.now()
        let id = String(userID.prefix(64))
        let since = now.addingTimeInterval(-Double(minutes) * 60)
        let (user, failures) = try await context.store.read { session in
            (try await session.users.withID(id), try await session.users.loginFailures(id: id, since: since))
        }
        let matches = hasher.verify(password, against: user?.passwordHash ?? Self.decoy)
        let accepted = matches && user != nil && user?.locked == false && failures < attempts
        try await context.store.write { session in
            if accepted {
                try await session.users.clearLoginFailures(id: id)
            } else {
                try await session.users.recordLoginFailure(id: id, at: now)
            }
            let lockedNow = !accepted && failures + 1 >= attempts
            try await session.audit.append(AuditRecord(
                at: now, actor: id, tenant: nil, operation: "login", parameters: [AuditParameter("via", "console")],
                outcome: accepted ? .success : .failure,
                message: accepted ? nil : (lockedNow ? "refused; \(failures + 1) failures in \(minutes) min, locked for now" : "refused")))
        }
        guard accepted, let user else {
            throw PatchbayError.notPermitted(Self.refusal, fix: "check the id and password; after \(attempts) failures wait \(minutes) minutes or ask an administrator")
        }
        return user
    }
}

import Foundation

public protocol UserRepository: Sendable {
    func all() async throws -> [User]
    func withID(_ id: String) async throws -> User?
    func insert(_ user: User) async throws
    /// Replaces every stored field of the user with the given id.
    func update(_ user: User) async throws
    func delete(id: String) async throws
    /// Names of the servers the user owns (a user who owns servers cannot be deleted).
    func ownedServerNames(id: String) async throws -> [String]
    /// Writes a pending login attempt for the id (existing or not) unless `limit` attempts, failed or still
    /// being checked, are recorded since `since`; returns the reservation, or nil when the id is locked out.
    func reserveLoginAttempt(id: String, at: Date, since: Date, limit: Int) async throws -> LoginReservation?
    /// Settles a reservation: a failure stays as a failed attempt; a success removes it and the failures
    /// already settled (attempts still being checked keep counting).
    func settleLoginAttempt(_ reservation: LoginReservation, succeeded: Bool) async throws
}

/// A login attempt written before its password is checked; `earlier` counts the attempts (failed or in
/// flight) in the window before it.
public struct LoginReservation: Sendable, Hashable {
    public var id: Int64
    public var userID: String
    public var earlier: Int

    public init(id: Int64, userID: String, earlier: Int) {
        self.id = id
        self.userID = userID
        self.earlier = earlier
    }
}

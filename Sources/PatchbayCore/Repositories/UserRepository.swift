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
    /// Failed logins for the id (existing or not) since `since`.
    func loginFailures(id: String, since: Date) async throws -> Int
    func recordLoginFailure(id: String, at: Date) async throws
    func clearLoginFailures(id: String) async throws
}

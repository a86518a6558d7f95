public protocol UserRepository: Sendable {
    func all() async throws -> [User]
    func withID(_ id: String) async throws -> User?
    func insert(_ user: User) async throws
    /// Replaces every stored field of the user with the given id.
    func update(_ user: User) async throws
    func delete(id: String) async throws
    /// Names of the servers the user owns (a user who owns servers cannot be deleted).
    func ownedServerNames(id: String) async throws -> [String]
}

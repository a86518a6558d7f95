import Foundation
import PatchbayCore
import SQLKit

struct SQLUserRepository: UserRepository {
    let database: any SQLDatabase

    func all() async throws -> [User] {
        try await database.raw("SELECT * FROM users ORDER BY id").all().map(user)
    }

    func withID(_ id: String) async throws -> User? {
        try await database.raw("SELECT * FROM users WHERE id = \(bind: id)").first().map(user)
    }

    func insert(_ user: User) async throws {
        try await database.raw("""
            INSERT INTO users (id, role, tenant_id, email, language, password_hash, locked, created_at, updated_at)
            VALUES (\(bind: user.id), \(bind: user.role.rawValue), \(bind: user.tenantID), \(bind: user.email),
                    \(bind: user.language.rawValue), \(bind: user.passwordHash), \(bind: user.locked ? 1 : 0),
                    \(bind: Timestamp.text(user.createdAt)), \(bind: Timestamp.text(user.updatedAt)))
            """).run()
    }

    func update(_ user: User) async throws {
        try await database.raw("""
            UPDATE users SET role = \(bind: user.role.rawValue), tenant_id = \(bind: user.tenantID),
                email = \(bind: user.email), language = \(bind: user.language.rawValue),
                password_hash = \(bind: user.passwordHash), locked = \(bind: user.locked ? 1 : 0),
                updated_at = \(bind: Timestamp.text(user.updatedAt))
            WHERE id = \(bind: user.id)
            """).run()
    }

    func delete(id: String) async throws {
        try await database.raw("DELETE FROM login_failures WHERE user_id = \(bind: id)").run()
        try await database.raw("DELETE FROM users WHERE id = \(bind: id)").run()
    }

    func ownedServerNames(id: String) async throws -> [String] {
        try await database.raw("""
            SELECT s.name FROM servers s JOIN server_owners o ON o.server_id = s.id
            WHERE o.user_id = \(bind: id) ORDER BY s.name
            """).all().map { try $0.string("name") }
    }

    private func user(_ row: any SQLRow) throws -> User {
        let roleText = try row.string("role")
        guard let role = Role(rawValue: roleText) else {
            throw PatchbayError(.unexpected, "the CMDB holds an unknown role '\(roleText)'")
        }
        return User(
            id: try row.string("id"), role: role, tenantID: try row.optionalInt64("tenant_id"),
            email: try row.string("email"), language: Language(rawValue: try row.string("language")) ?? .en,
            passwordHash: try row.string("password_hash"), locked: try row.bool("locked"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    func reserveLoginAttempt(id: String, at: Date, since: Date, limit: Int) async throws -> LoginReservation? {
        let earlier = Int(try await database.raw("""
            SELECT count(*) AS n FROM login_failures WHERE user_id = \(bind: id) AND at >= \(bind: Timestamp.text(since))
            """).first()?.int64("n") ?? 0)
        guard earlier < limit else { return nil }
        let reservation = Int64.random(in: 1...Int64.max)
        try await database.raw("""
            INSERT INTO login_failures (user_id, at, pending, reservation) VALUES (\(bind: id), \(bind: Timestamp.text(at)), 1, \(bind: reservation))
            """).run()
        return LoginReservation(id: reservation, userID: id, earlier: earlier)
    }

    func settleLoginAttempt(_ reservation: LoginReservation, succeeded: Bool) async throws {
        if succeeded {
            try await database.raw("""
                DELETE FROM login_failures WHERE user_id = \(bind: reservation.userID) AND (pending = 0 OR reservation = \(bind: reservation.id))
                """).run()
        } else {
            try await database.raw("UPDATE login_failures SET pending = 0 WHERE reservation = \(bind: reservation.id)").run()
        }
    }
}

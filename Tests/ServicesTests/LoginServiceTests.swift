import CMDB
import Foundation
import PatchbayCore
import Services
import Testing

/// Logins against a real SQLite file, with the real PBKDF2 cost where timing matters.
@Suite("Login: a lockout that holds under parallel attempts, one key derivation per attempt")
struct LoginServiceTests {
    static func loginAudit(_ fixture: ServiceFixture) async throws -> [AuditRecord] {
        try await fixture.auditTrail().filter { $0.operation == "login" }
    }

    @Test("eleven parallel logins (ten wrong and the right one) from two CMDB connections check at most five passwords")
    func parallelAttempts() async throws {
        let fixture = try await ServiceFixture()
        let second = try await SQLiteCMDB.open(path: fixture.folder + "/cmdb.sqlite")
        let meter = KDFMeter()
        let hasher = PasswordHasher(meter: meter)
        let now = fixture.clock
        let services = [fixture.store, second].map {
            LoginService(context: ServiceContext(store: $0, principal: .managementServer, now: { now }), hasher: hasher, attempts: 5, minutes: 15)
        }
        #expect(meter.evaluated == 0, "making the service derives no key")
        let passwords = (1...10).map { "wrong guess \($0)" } + ["correct horse battery"]
        let accepted = await withTaskGroup(of: Bool.self) { group in
            for (index, password) in passwords.enumerated() {
                group.addTask { (try? await services[index % 2].login(userID: "acme-user", password: password)) != nil }
            }
            return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        await second.close()

        let records = try await Self.loginAudit(fixture)
        #expect(records.count == 11)
        let unchecked = records.filter { $0.message?.hasPrefix("refused without checking the password") == true }
        #expect(records.count - unchecked.count <= 5, "\(records.map { $0.message ?? "accepted" })")
        #expect(unchecked.count >= 6)
        #expect(accepted <= 1)
        #expect(meter.evaluated == 11, "every attempt, checked or not, costs exactly one key derivation")
    }

    @Test("a known id, a wrong password, an unknown id and a locked-out id each cost one key derivation")
    func oneDerivationEach() async throws {
        let fixture = try await ServiceFixture()
        let meter = KDFMeter()
        let login = LoginService(context: fixture.context(), hasher: PasswordHasher(rounds: 1_000, meter: meter), attempts: 2, minutes: 15)
        var counts: [Int] = []
        for (id, password) in [("acme-user", "correct horse battery"), ("acme-user", "wrong"), ("nobody-here", "x"),
                               ("globex-user", "wrong"), ("globex-user", "wrong"), ("globex-user", "correct horse battery")] {
            let before = meter.evaluated
            _ = try? await login.login(userID: id, password: password)
            counts.append(meter.evaluated - before)
        }
        #expect(counts == [1, 1, 1, 1, 1, 1])
        let messages = try await Self.loginAudit(fixture).map { $0.message ?? "accepted" }
        #expect(messages == ["accepted", "refused", "refused", "refused", "refused; 2 failures in 15 min, locked for now",
                             "refused without checking the password: 2 attempts in 15 min, locked for now"])
    }

    @Test("an attempt whose process died while checking still counts; a success clears only the settled failures")
    func reservationsCount() async throws {
        let fixture = try await ServiceFixture()
        let since = fixture.clock.addingTimeInterval(-900)
        let stale = try await fixture.store.write {
            try await $0.users.reserveLoginAttempt(id: "acme-user", at: fixture.clock, since: since, limit: 3)
        }
        #expect(stale?.earlier == 0)
        let login = LoginService(context: fixture.context(), hasher: fixture.hasher, attempts: 3, minutes: 15)
        _ = try? await login.login(userID: "acme-user", password: "wrong")
        _ = try await login.login(userID: "acme-user", password: "correct horse battery")
        let left = try await fixture.store.write {
            try await $0.users.reserveLoginAttempt(id: "acme-user", at: fixture.clock, since: since, limit: 3)
        }
        #expect(left?.earlier == 1, "the unsettled attempt still counts after the success")
    }

    @Test("an id typed at the login screen that is no user is recorded by its first two characters, visible, never whole")
    func typedIDs() async throws {
        let fixture = try await ServiceFixture()
        let login = LoginService(context: fixture.context(), hasher: fixture.hasher)
        for typed in ["#COMMAND", "\u{1B}]0;pwned\u{7}", "correct horse battery", "acme-user"] {
            _ = try? await login.login(userID: typed, password: "wrong")
        }
        let actors = try await Self.loginAudit(fixture).map(\.actor)
        #expect(actors == ["unknown id '#C…' (8 characters)", "unknown id '\\u{1B}]…' (10 characters)",
                           "unknown id 'co…' (21 characters)", "acme-user"])
        let everything = try await Self.loginAudit(fixture).map { "\($0.actor) \($0.message ?? "") \($0.parameters)" }.joined()
        #expect(!everything.contains("correct horse") && !everything.contains("\u{1B}") && !everything.contains("#COMMAND"))
    }
}

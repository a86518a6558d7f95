import Services
import Testing

@Suite("Password hashing")
struct PasswordHasherTests {
    @Test("the default hash is PBKDF2-SHA256 with 600,000 rounds, a 16-byte salt and its parameters stored")
    func defaultFormat() throws {
        let hasher = PasswordHasher()
        let stored = try hasher.hash("correct horse battery")
        let parts = stored.split(separator: "$")
        #expect(parts.count == 4)
        #expect(parts[0] == "pbkdf2-sha256")
        #expect(parts[1] == "600000")
        #expect(!stored.contains("correct horse battery"))
        #expect(hasher.verify("correct horse battery", against: stored))
        #expect(!hasher.verify("correct horse batterY", against: stored))
    }

    @Test("the same password hashes differently each time (salt)")
    func salted() throws {
        let hasher = PasswordHasher(rounds: 1_000)
        #expect(try hasher.hash("same password") != (try hasher.hash("same password")))
    }

    @Test("verification uses the rounds stored with the hash, not the hasher's own")
    func storedParameters() throws {
        let old = try PasswordHasher(rounds: 2_000).hash("an old password")
        #expect(PasswordHasher(rounds: 5_000).verify("an old password", against: old))
    }

    @Test("malformed or tampered hashes never verify", arguments: [
        "", "plain", "pbkdf2-sha256$600000$AAAA", "md5$1$AAAA$AAAA", "pbkdf2-sha256$0$AAAA$AAAA", "pbkdf2-sha256$x$AAAA$AAAA",
    ])
    func malformed(stored: String) {
        #expect(!PasswordHasher(rounds: 1_000).verify("anything", against: stored))
    }
}

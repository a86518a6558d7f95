import Crypto
import _CryptoExtras
import Foundation
import PatchbayCore
import Synchronization

/// Slow, salted password hashing. The stored form carries its algorithm and parameters
/// (`pbkdf2-sha256$ROUNDS$SALT$DIGEST`, base64), so the cost can rise later without breaking old hashes.
public struct PasswordHasher: Sendable {
    /// OWASP's 2023 floor for PBKDF2-HMAC-SHA256.
    public static let defaultRounds = 600_000
    static let scheme = "pbkdf2-sha256"

    public let rounds: Int
    let meter: KDFMeter?

    /// `meter` counts key derivations, for tests that prove every login costs the same.
    public init(rounds: Int = PasswordHasher.defaultRounds, meter: KDFMeter? = nil) {
        self.rounds = rounds
        self.meter = meter
    }

    /// A stored-hash form no password matches, at this hasher's cost: checking against it costs one key
    /// derivation like a real user's hash, and making it costs none.
    public func decoy() -> String {
        [Self.scheme, String(rounds), Data(Self.randomBytes(16)).base64EncodedString(), Data(Self.randomBytes(32)).base64EncodedString()]
            .joined(separator: "$")
    }

    public func hash(_ password: String) throws -> String {
        let salt = Self.randomBytes(16)
        let digest = try derive(password, salt: salt, rounds: rounds)
        return [Self.scheme, String(rounds), Data(salt).base64EncodedString(), Data(digest).base64EncodedString()]
            .joined(separator: "$")
    }

    /// Whether `password` produces `stored`. A malformed stored hash never verifies.
    public func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.scheme, let rounds = Int(parts[1]), rounds >= 1,
              let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])),
              let actual = try? derive(password, salt: Array(salt), rounds: rounds)
        else { return false }
        return constantTimeEqual(Array(expected), actual)
    }

    /// swift-crypto's checked variant refuses fewer than 210,000 rounds; the cost is chosen here instead
    /// (600,000 for every stored password, fewer only where a test asks for it explicitly).
    private func derive(_ password: String, salt: [UInt8], rounds: Int) throws -> [UInt8] {
        meter?.record()
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Array($0) }
    }

    private static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    private func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// How many key derivations a hasher has run.
public final class KDFMeter: Sendable {
    private let evaluations = Mutex(0)

    public init() {}

    public var evaluated: Int { evaluations.withLock { $0 } }

    func record() { evaluations.withLock { $0 += 1 } }
}

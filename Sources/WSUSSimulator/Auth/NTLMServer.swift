import Crypto
import Foundation

/// The acceptor side of NTLM over HTTP (docs/wsus-protocol.md §3.1): answers a NEGOTIATE with a CHALLENGE that
/// carries target info, and checks the AUTHENTICATE message's NTLMv2 proof against known passwords.
/// One instance per TCP connection, because NTLM authenticates the connection, not the request.
struct NTLMServer {
    enum Outcome: Equatable {
        case challenge(token: String)
        case authenticated(user: String)
        case rejected(reason: String)
    }

    static let signature: [UInt8] = Array("NTLMSSP\0".utf8)
    let domain: String
    let computer: String
    private(set) var serverChallenge: [UInt8] = []

    init(domain: String = "CORP", computer: String = "WSUS01") {
        self.domain = domain
        self.computer = computer
    }

    /// Handles one `Authorization: NTLM <token>` value. `lookup` maps a user (with and without domain)
    /// to its password; `acceptAny` accepts every well-formed AUTHENTICATE (demo mode).
    mutating func handle(token: String, acceptAny: Bool, lookup: (_ domain: String, _ user: String) -> String?) -> Outcome {
        guard let bytes = Data(base64Encoded: token).map(Array.init), bytes.count >= 12, Array(bytes[0..<8]) == Self.signature else {
            return .rejected(reason: "not an NTLM message")
        }
        switch Self.uint32(bytes, 8) {
        case 1:
            serverChallenge = (0..<8).map { _ in UInt8.random(in: 0...255) }
            return .challenge(token: Data(challengeMessage()).base64EncodedString())
        case 3:
            return authenticate(bytes, acceptAny: acceptAny, lookup: lookup)
        default:
            return .rejected(reason: "unexpected NTLM message type")
        }
    }

    private func challengeMessage() -> [UInt8] {
        let flags: UInt32 = 0x0000_0001 | 0x0000_0004 | 0x0000_0200 | 0x0000_8000 | 0x0001_0000 | 0x0008_0000 | 0x0080_0000 | 0x0200_0000 | 0x2000_0000 | 0x8000_0000
        let targetName = Self.utf16(domain)
        var info: [UInt8] = []
        func pair(_ id: UInt16, _ value: [UInt8]) {
            info += Self.le16(id) + Self.le16(UInt16(value.count)) + value
        }
        pair(2, Self.utf16(domain))
        pair(1, Self.utf16(computer))
        pair(4, Self.utf16(domain.lowercased() + ".example"))
        pair(3, Self.utf16(computer.lowercased() + "." + domain.lowercased() + ".example"))
        let fileTime = UInt64((Date().timeIntervalSince1970 + 11_644_473_600) * 10_000_000)
        pair(7, (0..<8).map { UInt8(truncatingIfNeeded: fileTime >> UInt64($0 * 8)) })
        pair(0, [])
        let headerLength = 56
        var message = Self.signature + Self.le32(2)
        message += Self.le16(UInt16(targetName.count)) + Self.le16(UInt16(targetName.count)) + Self.le32(UInt32(headerLength))
        message += Self.le32(flags) + serverChallenge + [UInt8](repeating: 0, count: 8)
        message += Self.le16(UInt16(info.count)) + Self.le16(UInt16(info.count)) + Self.le32(UInt32(headerLength + targetName.count))
        message += [10, 0, 0x61, 0x4a, 0, 0, 0, 15] // version 10.0.19041, NTLM revision 15
        return message + targetName + info
    }

    private func authenticate(_ bytes: [UInt8], acceptAny: Bool, lookup: (String, String) -> String?) -> Outcome {
        guard bytes.count >= 64, !serverChallenge.isEmpty else { return .rejected(reason: "AUTHENTICATE without a CHALLENGE on this connection") }
        let unicode = Self.uint32(bytes, 60) & 1 == 1
        guard let ntResponse = Self.field(bytes, 20), let domainBytes = Self.field(bytes, 28), let userBytes = Self.field(bytes, 36) else {
            return .rejected(reason: "malformed AUTHENTICATE message")
        }
        let userDomain = Self.text(domainBytes, unicode: unicode)
        let user = Self.text(userBytes, unicode: unicode)
        let name = userDomain.isEmpty ? user : "\(userDomain)\\\(user)"
        guard ntResponse.count > 24 else { return .rejected(reason: "NTLMv1 is not accepted; use NTLMv2") }
        if acceptAny { return .authenticated(user: name) }
        guard let password = lookup(userDomain, user) else { return .rejected(reason: "unknown user \(name)") }
        let proof = Array(ntResponse[0..<16])
        let blob = Array(ntResponse[16...])
        let passwordKey = MD4.hash(Self.utf16(password))
        let responseKey = Self.hmac(key: passwordKey, Self.utf16(user.uppercased() + userDomain))
        let expected = Self.hmac(key: responseKey, serverChallenge + blob)
        return expected == proof ? .authenticated(user: name) : .rejected(reason: "wrong password for \(name)")
    }

    static func hmac(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        Array(HMAC<Insecure.MD5>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }

    static func field(_ bytes: [UInt8], _ at: Int) -> [UInt8]? {
        let length = Int(uint16(bytes, at))
        let offset = Int(uint32(bytes, at + 4))
        guard offset + length <= bytes.count else { return nil }
        return Array(bytes[offset..<(offset + length)])
    }

    static func text(_ bytes: [UInt8], unicode: Bool) -> String {
        guard unicode else { return String(decoding: bytes, as: UTF8.self) }
        let units = stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
        return String(decoding: units, as: UTF16.self)
    }

    static func utf16(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] } }
    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> UInt32($0 * 8)) } }
    static func uint16(_ b: [UInt8], _ at: Int) -> UInt16 { UInt16(b[at]) | UInt16(b[at + 1]) << 8 }
    static func uint32(_ b: [UInt8], _ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(b[at + $1]) << UInt32($1 * 8) } }
}

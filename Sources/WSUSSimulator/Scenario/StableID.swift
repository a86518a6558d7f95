import Crypto
import Foundation

/// Name-based GUIDs (UUID version 5), so a seeded update or computer keeps its id from run to run.
enum StableID {
    static func guid(_ name: String) -> String {
        var bytes = Array(Insecure.SHA1.hash(data: Array(("patchbay-wsus-sim:" + name).utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x50
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }
}

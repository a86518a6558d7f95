import Foundation

/// The `daemon:` section: who this management server is to the other hosts of a shared CMDB.
public struct DaemonConfiguration: Sendable, Hashable {
    /// Recorded with every lease, lock and heartbeat, and shown by `job list`, `cmdb status` and the console.
    /// Defaults to the host name; give each host of one CMDB its own.
    public var hostID: String

    public init(hostID: String = DaemonConfiguration.systemHostName()) {
        self.hostID = hostID
    }

    /// Letters, digits, '.', '-' and '_', at most 64: it is printed on terminals and parsed out of runner ids,
    /// which separate their parts with ':'.
    public static func isValidHostID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64 && text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || ".-_".unicodeScalars.contains(scalar))
        }
    }

    /// The system's host name, made a valid host id (anything else becomes '-').
    public static func systemHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let cleaned = String(name.unicodeScalars.prefix(64).map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || ".-_".unicodeScalars.contains(scalar)) ? Character(scalar) : "-"
        })
        return cleaned.isEmpty ? "localhost" : cleaned
    }
}

import Foundation

/// Which WSUS computer reports for a registered server, by the rule operators register servers with: the
/// server's WSUS computer name when it has one (the computer's full name, any case); else its host name, which
/// is the computer's full name or the first labels of it (`web01` is `web01.acme.example`); else its IP address.
/// Among several matching computers the one that reported last wins (a rebuilt machine re-registers under the
/// same name); a computer that never reported comes last.
///
/// Worked out with hash tables, one pass over each side: 10,000 servers against 10,000 computers is 20,000
/// steps, where a correlated SQL subquery compared every pair.
public enum ServerComputerMatch {
    public struct Server: Sendable {
        public var id: Int64
        public var wsusComputerName: String
        public var hostName: String
        public var ipAddress: String

        public init(id: Int64, wsusComputerName: String, hostName: String, ipAddress: String) {
            self.id = id
            self.wsusComputerName = wsusComputerName
            self.hostName = hostName
            self.ipAddress = ipAddress
        }
    }

    public struct Computer: Sendable {
        public var key: Int64
        public var fullDomainName: String
        public var ipAddress: String
        /// Stored text; it sorts as the time it is.
        public var lastReportedAt: String?

        public init(key: Int64, fullDomainName: String, ipAddress: String, lastReportedAt: String?) {
            self.key = key
            self.fullDomainName = fullDomainName
            self.ipAddress = ipAddress
            self.lastReportedAt = lastReportedAt
        }
    }

    /// Server id → the key of the computer that reports for it, or nil.
    public static func match(_ servers: [Server], _ computers: [Computer]) -> [Int64: Int64?] {
        var byName: [String: Computer] = [:]
        var byLeadingLabels: [String: Computer] = [:]
        var byAddress: [String: Computer] = [:]
        for computer in computers {
            let name = computer.fullDomainName.lowercased()
            keepBetter(computer, at: name, in: &byName)
            var prefix = Substring(name)
            while true {
                keepBetter(computer, at: String(prefix), in: &byLeadingLabels)
                guard let dot = prefix.lastIndex(of: ".") else { break }
                prefix = prefix[..<dot]
            }
            keepBetter(computer, at: computer.ipAddress, in: &byAddress)
        }
        var matched: [Int64: Int64?] = [:]
        for server in servers {
            let computer: Computer?
            if !server.wsusComputerName.isEmpty {
                computer = byName[server.wsusComputerName.lowercased()]
            } else if !server.hostName.isEmpty {
                computer = byLeadingLabels[server.hostName.lowercased()]
            } else {
                computer = byAddress[server.ipAddress]
            }
            matched.updateValue(computer?.key, forKey: server.id)  // kept when nil: an unlinked server is an answer too
        }
        return matched
    }

    private static func keepBetter(_ computer: Computer, at key: String, in table: inout [String: Computer]) {
        guard !key.isEmpty else { return }
        if let held = table[key], !isBetter(computer, than: held) { return }
        table[key] = computer
    }

    /// Reported later wins; never reported comes last; the older row breaks a tie, so the choice is stable.
    static func isBetter(_ a: Computer, than b: Computer) -> Bool {
        switch (a.lastReportedAt, b.lastReportedAt) {
        case let (x?, y?) where x != y: return x > y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return a.key < b.key
        }
    }
}

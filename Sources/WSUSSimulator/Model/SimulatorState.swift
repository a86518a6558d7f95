import Foundation
import Synchronization
import WSUSWire

/// The live data behind a running simulator. Reads take a snapshot (copy-on-write, so cheap); control
/// calls and cleanup operations change it under the lock.
public final class SimulatorState: Sendable {
    private let data: Mutex<WSUSData>

    public init(_ data: WSUSData) {
        self.data = Mutex(data)
    }

    public func snapshot() -> WSUSData {
        data.withLock { $0 }
    }

    @discardableResult
    public func mutate<T>(_ body: (inout WSUSData) throws -> T) rethrows -> T {
        try data.withLock { try body(&$0) }
    }
}

/// How the simulated server presents itself.
public struct SimulatorSettings: Sendable {
    public var version = "10.0.26100.1742"
    public var layout: MinimalPropertiesLayout = .v10_0_26100
    public var users: [SimUser] = []
    /// GetCurrentUserRole numbers; 0 is always "unauthorized", the others are not publicly confirmed.
    public var roleNumbers: [SimRole: Int] = [.administrator: 1, .reporter: 2, .none: 0]
    public var acceptAnyCredentials = false
    public var sslRequired = false
    public var domain = "CORP"

    public init() {}

    /// The layout and version of builds before 10.0.26100, to test a client's detection.
    public mutating func useOlderLayout() {
        version = "10.0.17763.1"
        layout = .older
    }

    func user(domain: String, name: String) -> SimUser? {
        users.first { user in
            let parts = user.name.split(separator: "\\", maxSplits: 1).map(String.init)
            let (userDomain, userName) = parts.count == 2 ? (parts[0], parts[1]) : ("", parts[0])
            return userName.caseInsensitiveCompare(name) == .orderedSame
                && (userDomain.isEmpty || domain.isEmpty || userDomain.caseInsensitiveCompare(domain) == .orderedSame)
        }
    }
}

public struct SimUser: Sendable, Hashable {
    /// `DOMAIN\user` or `user`.
    public var name: String
    public var password: String
    public var role: SimRole

    public init(name: String, password: String, role: SimRole) {
        self.name = name
        self.password = password
        self.role = role
    }
}

import Foundation

/// How far an install has got on a server, update by update, as the agent reports it while it runs: what the
/// monitor shows inside the patch-application process.
public struct InstallProgress: Sendable, Hashable {
    public enum Phase: String, Sendable, Hashable {
        case waiting, downloading, downloaded, installing, installed, failed
        /// The agent left it alone (not applicable, not delivered).
        case skipped
    }

    public struct Item: Sendable, Hashable {
        public var kb: String
        public var phase: Phase
        /// 0…100 within the phase.
        public var percent: Int

        public init(kb: String, phase: Phase, percent: Int) {
            self.kb = kb
            self.phase = phase
            self.percent = min(max(percent, 0), 100)
        }
    }

    public var items: [Item]
    /// The updates are in and the server is restarting.
    public var restarting: Bool

    public init(items: [Item], restarting: Bool = false) {
        self.items = items
        self.restarting = restarting
    }

    /// One line for people: "KB5033118 installing 40% · KB5033371 downloaded".
    public var summary: String {
        let parts = items.map { item -> String in
            switch item.phase {
            case .downloading, .installing: return "\(item.kb) \(item.phase.rawValue) \(item.percent)%"
            case .waiting, .downloaded, .installed, .failed, .skipped: return "\(item.kb) \(item.phase.rawValue)"
            }
        }
        return (parts + (restarting ? ["restarting"] : [])).joined(separator: " · ")
    }
}

/// Where an agent reports progress while an operation runs; the runner saves it for the monitor.
public typealias ProgressSink = @Sendable (InstallProgress) async -> Void

import Foundation
import PatchbayCore

/// How an apply reaches a business server. Every operation is idempotent — installing an update that is
/// already installed installs nothing — so a runner that resumes a chain after a crash can repeat the
/// operation that was in flight without applying anything twice.
public protocol PatchAgent: Sendable {
    /// Is the server up, reachable, and able to run Windows Update?
    func checkOperation(on target: JobTarget) async throws -> AgentResult
    /// Runs an operator's pre- or post-script on the server.
    func runScript(_ script: String, kind: ProcessKind, on target: JobTarget) async throws -> AgentResult
    /// Searches, downloads and installs the updates (never restarting the server), reporting progress to
    /// `progress` while it runs, as often as the agent learns something (an agent that cannot see progress
    /// reports none).
    func install(_ patches: [Job.Patch], on target: JobTarget, progress: @escaping ProgressSink) async throws -> InstallReport
    /// Restarts the server and returns when it is back.
    func reboot(_ target: JobTarget) async throws -> AgentResult
}

/// How an agent operation ended, for the process's message and output.
public struct AgentResult: Sendable, Hashable {
    public var succeeded: Bool
    public var message: String
    public var output: String
    /// update id → the state the operation saw it in on the server: written to the CMDB with the process's
    /// result, so the lists show it before WSUS hears from the server.
    public var observed: [String: InstallState]

    public init(succeeded: Bool, message: String, output: String = "", observed: [String: InstallState] = [:]) {
        self.succeeded = succeeded
        self.message = message
        self.output = output
        self.observed = observed
    }
}

/// What an install did with each update.
public struct InstallReport: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        case installed
        case pendingReboot
        case failed(hresult: UInt32)
        case notApplicable
        /// Approved, but WSUS has not delivered the update to the server yet.
        case notDelivered

        /// The state the server is in after this outcome; nil when the install said nothing about it.
        public var state: InstallState? {
            switch self {
            case .installed: return .installed
            case .pendingReboot: return .pendingReboot
            case .failed: return .failed
            case .notApplicable: return .notApplicable
            case .notDelivered: return nil
            }
        }
    }

    public struct Item: Sendable, Hashable {
        public var updateID: String
        public var kb: String
        public var outcome: Outcome

        public init(updateID: String, kb: String, outcome: Outcome) {
            self.updateID = updateID
            self.kb = kb
            self.outcome = outcome
        }
    }

    public var items: [Item]
    public var output: String
    /// Why the server waits for a restart when it refused to install anything until it restarts (empty when
    /// it installed): `wua`, `cbs`, `wu`, `file-rename` (docs/agent-protocol.md §3).
    public var restartRequired: [String]

    public init(items: [Item], output: String = "", restartRequired: [String] = []) {
        self.items = items
        self.output = output
        self.restartRequired = restartRequired
    }

    public static func outcome(named name: String, hresult: String?) -> Outcome? {
        switch name {
        case "installed": return .installed
        case "pending-reboot": return .pendingReboot
        case "not-applicable": return .notApplicable
        case "not-delivered": return .notDelivered
        case "failed": return .failed(hresult: hresult.flatMap(WindowsUpdateResult.parse) ?? 0x8024_0022)
        default: return nil
        }
    }
}

/// An agent could not do its work at all (server unreachable, transport broken). `message` says what
/// happened and what to do.
public struct AgentFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var output: String

    public init(_ message: String, output: String = "") {
        self.message = message
        self.output = output
    }

    public var description: String { message }
}

extension PatchAgent {
    /// An install whose progress nobody watches.
    public func install(_ patches: [Job.Patch], on target: JobTarget) async throws -> InstallReport {
        try await install(patches, on: target, progress: { _ in })
    }
}

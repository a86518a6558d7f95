import Foundation

/// One change of a patch's install state on a server, as the history keeps it.
public struct InstallStateChange: Sendable, Hashable {
    public var updateID: String
    public var kb: String
    /// Nil when the server had no state for the update before.
    public var old: InstallState?
    public var new: InstallState
    /// `discovery`, or `job N` for what job N saw.
    public var source: String
    public var at: Date

    public init(updateID: String, kb: String, old: InstallState?, new: InstallState, source: String, at: Date) {
        self.updateID = updateID
        self.kb = kb
        self.old = old
        self.new = new
        self.source = source
        self.at = at
    }

    /// The source a job's observations carry.
    public static func jobSource(_ jobID: Int64) -> String { "job \(jobID)" }
    public static let discoverySource = "discovery"
}

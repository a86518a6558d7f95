import Foundation
import PatchbayCore

/// A patch one server still needs, as the wizard offers it.
public struct NeededPatch: Sendable, Hashable {
    public var server: String
    public var updateID: String
    public var kb: String
    public var title: String
    public var classification: String
    public var policy: PatchPolicy
    public var severity: String
    /// Its WSUS install state there: `.notInstalled` means the server has not downloaded it yet.
    public var state: InstallState

    public init(server: String, updateID: String, kb: String, title: String, classification: String, policy: PatchPolicy, severity: String,
                state: InstallState = .downloaded) {
        self.state = state
        self.server = server
        self.updateID = updateID
        self.kb = kb
        self.title = title
        self.classification = classification
        self.policy = policy
        self.severity = severity
    }
}

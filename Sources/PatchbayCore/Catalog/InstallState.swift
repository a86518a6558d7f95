/// Where an update stands on one server, as WSUS last heard it from the computer, or that the computer has
/// not reported at all yet. The one vocabulary of install states between the layers: the WSUS adapter maps
/// its wire enum to it, the CMDB its column, the CLI and the console their words. Raw values are the stable
/// names (CMDB column, CLI, CSV and JSON values).
public enum InstallState: String, Sendable, Hashable, CaseIterable, Codable {
    case notInstalled = "not-installed"
    case downloaded
    case failed
    case installed
    case pendingReboot = "pending-reboot"
    case notApplicable = "not-applicable"
    case unknown
    /// A server whose WSUS computer has no states yet: it never reported.
    case notReportedYet = "not-reported-yet"

    /// An approved patch in this state still has to be applied.
    public var isNeeded: Bool { self == .notInstalled || self == .downloaded || self == .failed }

    /// Installed, whether or not the server still has to restart for it.
    public var isInstalled: Bool { self == .installed || self == .pendingReboot }

    public var isFailure: Bool { self == .failed }

    /// What an operator should look at: a failure, a restart still owed, a server that never reported.
    public var needsAttention: Bool { self == .failed || self == .pendingReboot || self == .notReportedYet }
}

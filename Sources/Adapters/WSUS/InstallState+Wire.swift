import PatchbayCore
import WSUSWire

extension InstallState {
    /// The WSUS wire value (docs/wsus-protocol.md §7.1) as the domain's state: the one place the two meet.
    public init(wire: InstallationState) {
        switch wire {
        case .unknown: self = .unknown
        case .notApplicable: self = .notApplicable
        case .notInstalled: self = .notInstalled
        case .downloaded: self = .downloaded
        case .installed: self = .installed
        case .failed: self = .failed
        case .installedPendingReboot: self = .pendingReboot
        }
    }
}

import Foundation
import PatchbayCore

/// Reads what WSUS says is installed on a server now, for verification.
public protocol InstallStateReader: Sendable {
    func states(of target: JobTarget) async throws -> [String: InstallState]
}

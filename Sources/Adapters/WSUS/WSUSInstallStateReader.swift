import Foundation
import PatchbayCore
import Services
import WSUS

/// Asks the WSUS server the computer reports to, through the adapter.
public struct WSUSInstallStateReader: InstallStateReader {
    let clients: [String: WSUSClient]

    public init(clients: [WSUSClient]) {
        self.clients = Dictionary(clients.map { ($0.settings.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func states(of target: JobTarget) async throws -> [String: InstallState] {
        guard let wsus = target.wsusServerName, let computerID = target.computerID, let client = clients[wsus] else {
            throw AgentFailure("\(target.server.name) is not matched to a WSUS computer; run 'patchbay update-info --repository' and check its WSUS name")
        }
        return try await client.installationStates(computerID: computerID).mapValues(InstallState.init(wire:))
    }
}

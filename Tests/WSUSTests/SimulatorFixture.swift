import Foundation
import WSUS
import WSUSSimulator
import WSUSWire

/// A real simulator on a loopback port, with the accounts the adapter tests log in as.
enum SimulatorFixture {
    static let admin = (name: "CORP\\svc-patchbay", password: "Wsus-Secret-1")
    static let reporter = (name: "CORP\\reporter", password: "Wsus-Secret-2")
    static let outsider = (name: "CORP\\nobody", password: "Wsus-Secret-3")

    static let scenario = """
        server:
          users:
            - {name: 'CORP\\svc-patchbay', password: 'Wsus-Secret-1', role: administrator}
            - {name: 'CORP\\reporter', password: 'Wsus-Secret-2', role: reporter}
            - {name: 'CORP\\nobody', password: 'Wsus-Secret-3', role: none}
        groups:
          - {name: Production}
          - {name: Web, parent: Production}
        computers:
          - {name: acme-web01.acme.example, ip: 192.0.2.11, os: Windows Server 2022, groups: [Web], last_sync: 2h, last_report: 3h}
          - {name: acme-db01.acme.example, ip: 192.0.2.14, os: Windows Server 2019, groups: [Production], last_sync: 2h, last_report: 3h}
          - {name: new01.acme.example, ip: 192.0.2.99, os: Windows Server 2022, last_sync: never}
        approvals:
          - {update: KB5033118, group: Production}
          - {update: KB5033371, group: Production, action: install, deadline: '2024-01-31T00:00:00Z'}
        install_states:
          - {computer: acme-web01.acme.example, update: KB5033118, state: installed}
        """

    static func start(_ yaml: String = scenario, older: Bool = false) async throws -> WSUSSimulator {
        var loaded = try Scenario.parse(yaml)
        if older { loaded.settings.useOlderLayout() }
        return try await WSUSSimulator.start(data: loaded.data, settings: loaded.settings)
    }

    static func client(_ simulator: WSUSSimulator, user: (name: String, password: String) = admin, timeout: Int = 30) throws -> WSUSClient {
        try WSUSClient(settings: WSUSConnectionSettings(name: "wsus-test", baseURL: URL(string: simulator.baseURL)!, username: user.name,
                                                       password: user.password, timeoutSeconds: timeout))
    }
}

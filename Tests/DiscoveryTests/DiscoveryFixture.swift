import Adapters
import CMDB
import Foundation
import PatchbayCore
import Services
import WSUS
import WSUSSimulator

/// A real CMDB file with registered servers, and a real simulator over HTTP with NTLM: discovery as in production.
final class DiscoveryFixture {
    let folder: String
    let store: SQLiteCMDB
    let simulator: WSUSSimulator

    static let scenario = """
        server:
          users:
            - {name: 'CORP\\svc-patchbay', password: 'Wsus-Secret-1', role: administrator}
        groups:
          - {name: Production}
          - {name: Web, parent: Production}
          - {name: Staging}
        computers:
          - {name: acme-web01.acme.example, ip: 192.0.2.11, os: Windows Server 2022, groups: [Web], last_sync: 2h, last_report: 3h}
          - {name: acme-db01.acme.example, ip: 192.0.2.14, os: Windows Server 2019, groups: [Production], last_sync: 2h, last_report: 3h}
          - {name: glx-web01.globex.example, ip: 198.51.100.21, os: Windows Server 2022, groups: [Staging], last_sync: 1h, last_report: 1h}
          - {name: unknown01.corp.example, ip: 10.9.9.9, os: Windows Server 2016, last_sync: 1h, last_report: 1h}
        approvals:
          - {update: KB5033118, group: Production}
          - {update: KB5033371, group: Production}
        install_states:
          - {computer: acme-web01.acme.example, update: KB5033118, state: installed}
        """

    /// `sharing`: a second CMDB (same tenants, users and servers) reading the simulator of another fixture.
    init(scenario: String = DiscoveryFixture.scenario, sharing other: DiscoveryFixture? = nil) async throws {
        folder = NSTemporaryDirectory() + "patchbay-discovery-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        store = try await SQLiteCMDB.open(path: folder + "/cmdb.sqlite")
        if let other {
            simulator = other.simulator
        } else {
            let loaded = try Scenario.parse(scenario)
            simulator = try await WSUSSimulator.start(data: loaded.data, settings: loaded.settings)
        }
        let context = ServiceContext(store: store, principal: .managementServer)
        _ = try await TenantService(context: context).add(name: "acme", description: "")
        _ = try await TenantService(context: context).add(name: "globex", description: "")
        for (id, role, tenant) in [("acme-user", Role.tenantUser, "acme"), ("globex-user", .tenantUser, "globex"),
                                   ("infra", .infraAdmin, nil), ("dual", .dualAdmin, nil)] as [(String, Role, String?)] {
            _ = try await UserService(context: context, hasher: PasswordHasher(rounds: 1_000))
                .add(.init(id: id, role: role, tenant: tenant, email: "\(id)@example.com", language: .en), password: "long enough secret")
        }
        let csv = """
            192.0.2.11,ACME-WEB01,acme,acme-user,acme-web01,Windows Server 2022,acme-web01.acme.example
            192.0.2.14,ACME-DB01,acme,acme-user,acme-db01,Windows Server 2019,
            192.0.2.15,ACME-NEW01,acme,acme-user,acme-new01,Windows Server 2022,acme-new01.acme.example
            198.51.100.21,GLX-WEB01,globex,globex-user,,Windows Server 2022,
            """
        _ = try await ServerService(context: context).importFile(Data(csv.utf8), source: "servers.csv")
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func identity(_ id: String) async throws -> Principal {
        .user(try await store.read { try await $0.users.withID(id) }!.identity)
    }

    func context(_ principal: Principal = .managementServer) -> ServiceContext {
        ServiceContext(store: store, principal: principal)
    }

    func source(timeout: Int = 10, password: String = "Wsus-Secret-1", name: String = "wsus01", simulator other: WSUSSimulator? = nil) throws -> any WSUSSource {
        let target = other ?? simulator
        let settings = WSUSConnectionSettings(name: name, baseURL: URL(string: target.baseURL)!, username: "CORP\\svc-patchbay",
                                              password: password, timeoutSeconds: timeout)
        return LiveWSUSSource(client: try WSUSClient(settings: settings), connections: 4)  // a wsus entry's default
    }

    @discardableResult
    func discover(cleanup: Bool = false, sources: [any WSUSSource]? = nil) async throws -> [DiscoveryService.Report] {
        try await DiscoveryService(context: context(), sources: sources ?? [try source()]).run(cleanup: cleanup, holder: "test")
    }

    func rows(_ filter: PatchInfoFilter = PatchInfoFilter(), as principal: Principal = .managementServer) async throws -> [PatchInfoRow] {
        try await PatchQueryService(context: context(principal)).rows(filter)
    }

    static let discoveryTables = ["updates", "wsus_updates", "update_supersedence", "approvals", "new_approvals", "target_groups",
                                  "computers", "computer_target_groups", "computer_history", "install_states", "servers"]

    /// Every row of every table discovery writes, read with the sqlite3 shell: a failed run must leave it identical.
    func fingerprint() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [folder + "/cmdb.sqlite"] + Self.discoveryTables.map { ".dump \($0)" }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    /// The job service acting as `user`, with the user's rights.
    func jobs(as user: String) async throws -> JobService {
        JobService(context: context(try await identity(user)))
    }

    /// After a discovery: acme-user's console job for KB5033371 on ACME-DB01, an hour from now.
    func scheduledJob() async throws -> (owner: JobService, job: Job) {
        try await discover()
        let owner = try await jobs(as: "acme-user")
        let job = try await owner.apply(.init(servers: ["ACME-DB01"], patches: ["KB5033371"], at: Date().addingTimeInterval(3600), channel: .console))
        return (owner, job)
    }

    /// The job's state once it has finished, or as it is after `seconds`.
    func finishedState(of jobID: Int64, seconds: Double) async throws -> JobState? {
        var state: JobState?
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline && state?.isFinished != true {
            try await Task.sleep(for: .milliseconds(50))
            state = try await store.read { try await $0.jobs.job(id: jobID)?.state }
        }
        return state
    }

    /// What discovery stored, by natural keys and with Patchbay's own times masked (scripts/discovery-dump.sh):
    /// equal for two CMDBs that hold the same WSUS data, however they came to hold it.
    func domainDump() throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.path + "/scripts/discovery-dump.sh", folder + "/cmdb.sqlite"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.split(separator: "\n").map(String.init)
    }

    func stop() async {
        await simulator.stop()
        await store.close()
    }
}

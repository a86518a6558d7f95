import Foundation
import PatchbayCore

/// The demo's data: two tenants, one user of each role (plus a second tenant's user so its servers have
/// an owner), and a dozen servers, put in through the same services operators use.
public struct DemoSeed: Sendable {
    /// Every demo login uses it; the demo prints it. Never used outside the demo.
    public static let password = "patchbay-demo"

    public struct DemoUser: Sendable {
        public let id: String
        public let role: Role
        public let tenant: String?
        public let language: Language
    }

    public static let tenants: [(name: String, description: String)] = [
        ("acme", "Acme Corporation — web shop and ERP"),
        ("globex", "グローベックス株式会社 (Globex Japan)"),
    ]

    public static let users: [DemoUser] = [
        DemoUser(id: "infra", role: .infraAdmin, tenant: nil, language: .en),
        DemoUser(id: "dual", role: .dualAdmin, tenant: nil, language: .en),
        DemoUser(id: "acme-admin", role: .tenantAdmin, tenant: "acme", language: .en),
        DemoUser(id: "acme-user", role: .tenantUser, tenant: "acme", language: .en),
        DemoUser(id: "globex-user", role: .tenantUser, tenant: "globex", language: .ja),
    ]

    /// The servers file the demo imports (and leaves beside the CMDB as an example).
    public static let serversCSV: String = {
        var lines = ["# Demo business servers: \(Self.columns)", Self.columns]
        let acme = [("ACME-WEB01", "Windows Server 2022"), ("ACME-WEB02", "Windows Server 2022"), ("ACME-APP01", "Windows Server 2019"),
                    ("ACME-DB01", "Windows Server 2019"), ("ACME-DC01", "Windows Server 2016"), ("ACME-FS01", "Windows Server 2025")]
        let globex = [("GLX-WEB01", "Windows Server 2022"), ("GLX-APP01", "Windows Server 2022"), ("GLX-APP02", "Windows Server 2019"),
                      ("GLX-DB01", "Windows Server 2019"), ("GLX-RDS01", "Windows Server 2016"), ("GLX-BATCH01", "Windows Server 2025")]
        for (index, server) in acme.enumerated() {
            let host = server.0.lowercased()
            lines.append("192.0.2.\(11 + index),\(server.0),acme,acme-user,\(host),\(server.1),\(host).acme.example,America/New_York")
        }
        for (index, server) in globex.enumerated() {
            let host = server.0.lowercased()
            lines.append("198.51.100.\(21 + index),\(server.0),globex,globex-user,\(host),\(server.1),\(host).globex.example,Asia/Tokyo")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    private static let columns = ServerColumn.header

    /// The demo WSUS account; its password lives in the demo home's secret file like a real one would.
    public static let wsusUser = "CORP\\svc-patchbay"
    public static let wsusPassword = "demo-wsus-secret"

    /// The WSUS simulator's scenario for the demo: the real December 2023 catalog, the demo servers as WSUS
    /// computers (two of them not reporting yet), approvals of the Windows Server updates, and a few
    /// installed, failed and pending-reboot states so the status has something to show.
    public static let scenarioYAML: String = {
        var lines = [
            "# Demo WSUS (written by the demo); see docs/development.md, 'The WSUS simulator'.",
            "server:",
            "  users:",
            "    - {name: '\(wsusUser)', password: '\(wsusPassword)', role: administrator}",
            "catalog:",
            "  seed: msrc-2023-12",
            "groups:",
            "  - {name: Production}",
            "  - {name: Staging}",
            "computers:",
        ]
        let notReporting: Set<String> = ["ACME-FS01", "GLX-BATCH01"]
        for (index, line) in serversCSV.split(separator: "\n").dropFirst(2).enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 8, !notReporting.contains(fields[1]) else { continue }
            let group = fields[1].contains("WEB") || fields[1].contains("DB") ? "Production" : "Staging"
            lines.append("  - {name: \(fields[6]), ip: \(fields[0]), os: '\(fields[5])', groups: [\(group)], last_sync: \(index + 1)h, last_report: \(index + 2)h}")
        }
        lines += [
            "approvals:",
            "  - {update: KB5033118, group: All Computers}",
            "  - {update: KB5033371, group: All Computers}",
            "  - {update: KB5033373, group: Production}",
            "  - {update: KB5033383, group: Production}",
            "install_states:",
            "  - {computer: acme-web01.acme.example, update: KB5033118, state: installed}",
            "  - {computer: acme-web02.acme.example, update: KB5033118, state: pending-reboot}",
            "  - {computer: glx-db01.globex.example, update: KB5033371, state: failed}",
            "  - {computer: glx-app01.globex.example, update: KB5033118, state: installed}",
            // A real server's pace, so a job can be watched in the monitor: each update downloads and installs
            // in a few seconds, a restart takes about ten. ACME-DB01's first install fails the way a download
            // that must be repeated does (0x8024200D WU_E_UH_NEEDANOTHERDOWNLOAD); a retry succeeds.
            "fleet:",
            "  - {computer: '*', download: 3s, install: 4s, reboot: 10s}",
            "  - {computer: acme-db01.acme.example, fail_next_install: '0x8024200D'}",
        ]
        return lines.joined(separator: "\n") + "\n"
    }()

    let context: ServiceContext
    let hasher: PasswordHasher

    public init(context: ServiceContext, hasher: PasswordHasher = PasswordHasher()) {
        self.context = context
        self.hasher = hasher
    }

    public func run() async throws {
        let tenantService = TenantService(context: context)
        for tenant in Self.tenants {
            _ = try await tenantService.add(name: tenant.name, description: tenant.description)
        }
        let userService = UserService(context: context, hasher: hasher)
        for user in Self.users {
            _ = try await userService.add(
                .init(id: user.id, role: user.role, tenant: user.tenant, email: "\(user.id)@demo.patchbay.example", language: user.language),
                password: Self.password)
        }
        _ = try await ServerService(context: context).importFile(Data(Self.serversCSV.utf8), source: "servers.csv")
    }
}

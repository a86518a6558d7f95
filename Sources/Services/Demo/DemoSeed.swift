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
            lines.append("192.0.2.\(11 + index),\(server.0),acme,acme-user,\(host),\(server.1),\(host).acme.example")
        }
        for (index, server) in globex.enumerated() {
            let host = server.0.lowercased()
            lines.append("198.51.100.\(21 + index),\(server.0),globex,globex-user,\(host),\(server.1),\(host).globex.example")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    private static let columns = "ip-address,server-name,tenant,owner,host-name,os-name,wsus-computer-name"

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

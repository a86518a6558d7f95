import ArgumentParser
import CMDB
import Foundation
import PatchbayConfig
import PatchbayCore
import Services

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a demo home with a seeded CMDB and print what it holds.",
        discussion: """
            The demo home holds patchbay.yaml, cmdb.sqlite and servers.csv. Its CMDB has two tenants, one user of
            each role and a dozen servers. Point other commands at it with
              export PATCHBAY_CONFIG=<home>/patchbay.yaml
            Running the demo again reuses an existing home; --reset starts it afresh.
            """)

    @Option(help: ArgumentHelp("Folder of the demo home.", valueName: "dir")) var home = "patchbay-demo"
    @Flag(help: "Delete an existing demo home first.") var reset = false

    func run() async throws {
        let folder = URL(fileURLWithPath: home).standardizedFileURL.path
        let configPath = folder + "/patchbay.yaml"
        let fileManager = FileManager.default
        if reset && fileManager.fileExists(atPath: folder) {
            guard fileManager.fileExists(atPath: configPath) else {
                throw PatchbayError.fileError("\(folder) exists but is not a demo home (no patchbay.yaml)",
                                              fix: "choose another --home, or remove the folder yourself")
            }
            try fileManager.removeItem(atPath: folder)
        }
        let fresh = !fileManager.fileExists(atPath: configPath)
        if fresh {
            do {
                try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Self.configurationText.write(toFile: configPath, atomically: true, encoding: .utf8)
                try DemoSeed.serversCSV.write(toFile: folder + "/servers.csv", atomically: true, encoding: .utf8)
            } catch {
                throw PatchbayError.fileError("cannot create the demo home \(folder): \(error.localizedDescription)",
                                              fix: "choose a writable folder with --home")
            }
        }
        try await Runtime.with(GlobalOptions(config: configPath)) { runtime in
            if fresh { try await DemoSeed(context: runtime.context).run() }
            try await printSummary(runtime, folder: folder, configPath: configPath, fresh: fresh)
        }
    }

    private func printSummary(_ runtime: Runtime, folder: String, configPath: String, fresh: Bool) async throws {
        let tenants = try await runtime.tenants.list()
        let users = try await runtime.users.list()
        let servers = try await runtime.servers.list()
        print(fresh ? "Created the Patchbay demo home \(folder)" : "Using the existing Patchbay demo home \(folder)")
        print("  configuration  \(configPath)")
        print("  CMDB           \(runtime.store.path)")
        print("")
        print("Tenants")
        Listing(columns: ["name", "description"], rows: tenants.map { [$0.name, $0.description] }).print(.table)
        print("")
        print("Users (demo password for every one: \(DemoSeed.password))")
        Listing(columns: ["id", "role", "tenant", "language"],
                rows: users.map { [$0.user.id, $0.user.role.rawValue, $0.tenantName ?? "", $0.user.language.rawValue] }).print(.table)
        print("")
        print("Servers")
        Listing(columns: ["name", "ip-address", "tenant", "owner", "os-name"],
                rows: servers.map { [$0.server.name, $0.server.ipAddress, $0.tenantName, $0.server.owners.joined(separator: ";"), $0.server.osName] })
            .print(.table)
        print("")
        print("Next: export PATCHBAY_CONFIG=\(configPath)")
        print("      patchbay server list; patchbay audit list --since 1h")
    }

    static let configurationText = """
        # Patchbay demo configuration (written by 'patchbay demo'). See README.md, 'Configuration'.
        cmdb:
          sqlite: cmdb.sqlite
        ui:
          theme: default
          lockout:
            attempts: 5
            minutes: 15

        """
}

extension GlobalOptions {
    init(config: String?) {
        self.init()
        self.config = config
    }
}

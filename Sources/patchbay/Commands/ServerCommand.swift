import ArgumentParser
import Foundation
import PatchbayCore
import Services

struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Register the business servers Patchbay patches.",
        subcommands: [Add.self, Update.self, Delete.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register servers from a CSV file (all or nothing), or one server from options.",
            discussion: """
                The file has the columns
                  \(ServerColumn.header)
                with an optional header line, UTF-8 text, and '#' starting a comment line. Owners are user ids of
                tenant users or tenant admins of the server's tenant, separated by ';'. host-name, os-name,
                wsus-computer-name and owner may be empty. If any line is wrong, nothing is imported and every
                problem is listed with its line and column (exit 10).

                Examples:
                  patchbay server add --file servers.csv
                  patchbay server add --ip 192.0.2.10 --name WEB01 --tenant acme --owner sato --wsus-computer-name web01.acme.example
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: ArgumentHelp("CSV file of servers to register.", valueName: "servers.csv")) var file: String?
        @Option(help: "IP address (IPv4 or IPv6).") var ip: String?
        @Option(help: "Unique server name.") var name: String?
        @Option(help: "The server's tenant.") var tenant: String?
        @Option(help: "Owner user id(s), separated by ';'.") var owner: String = ""
        @Option(help: "Host name.") var hostName: String = ""
        @Option(help: "Operating system, e.g. 'Windows Server 2022'.") var osName: String = ""
        @Option(help: "The computer's name in WSUS (usually its FQDN).") var wsusComputerName: String = ""
        @Option(help: "The server's IANA time zone, e.g. Asia/Tokyo; the console shows scheduled starts in it.") var timeZone: String = ""

        func validate() throws {
            let single = [ip, name, tenant].contains { $0 != nil }
            if file != nil && single {
                throw ValidationError("give either --file or the options of one server (--ip, --name, --tenant), not both")
            }
            if file == nil && (ip == nil || name == nil || tenant == nil) {
                throw ValidationError("give --file servers.csv, or --ip, --name and --tenant for one server")
            }
        }

        func run() async throws {
            if let file {
                let data = try ServerCommand.readFile(file)
                let servers = try await Runtime.with(global) { try await $0.servers.importFile(data, source: file) }
                Say.line("imported \(servers.count) server\(servers.count == 1 ? "" : "s") from \(file)")
            } else {
                let draft = ServerDraft(ipAddress: ip ?? "", name: name ?? "", tenant: tenant ?? "", owners: ServerDraft.owners(owner),
                                        hostName: hostName, osName: osName, wsusComputerName: wsusComputerName, timeZone: timeZone)
                let server = try await Runtime.with(global) { try await $0.servers.add(draft) }
                Say.line("added server '\(server.name)' (\(server.ipAddress))")
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a registered server.",
            discussion: "Example: patchbay server update WEB01 --owner 'sato;suzuki' --os-name 'Windows Server 2025'")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The server to change.") var name: String
        @Option(help: "New IP address.") var ip: String?
        @Option(help: "New server name.") var newName: String?
        @Option(help: "New tenant.") var tenant: String?
        @Option(help: "New owner user id(s), separated by ';' (empty for none).") var owner: String?
        @Option(help: "New host name.") var hostName: String?
        @Option(help: "New operating system.") var osName: String?
        @Option(help: "New WSUS computer name.") var wsusComputerName: String?
        @Option(help: "New IANA time zone, e.g. Europe/Berlin (empty for none).") var timeZone: String?

        func validate() throws {
            if [ip, newName, tenant, owner, hostName, osName, wsusComputerName, timeZone].allSatisfy({ $0 == nil }) {
                throw ValidationError("nothing to change: give at least one of --ip, --new-name, --tenant, --owner, --host-name, --os-name, --wsus-computer-name, --time-zone")
            }
        }

        func run() async throws {
            let changes = ServerService.Changes(
                ipAddress: ip, name: newName, tenant: tenant, owners: owner.map(ServerDraft.owners),
                hostName: hostName, osName: osName, wsusComputerName: wsusComputerName, timeZone: timeZone)
            let updated = try await Runtime.with(global) { try await $0.servers.update(name: name, changes) }
            Say.line("updated server '\(updated.server.name)'")
            for stop in updated.stopped {
                Say.line(stop.stoppedNow ? "stopped job \(stop.jobID) on \(stop.server): \(stop.reason)"
                                      : "job \(stop.jobID) on \(stop.server) is installing; it stops after that process: \(stop.reason)")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove servers from the CMDB (all named, or none if one is unknown).",
            discussion: "Example: patchbay server delete WEB01 WEB02")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The servers to remove.") var names: [String]

        func validate() throws {
            if names.isEmpty { throw ValidationError("name at least one server") }
        }

        func run() async throws {
            try await Runtime.with(global) { try await $0.servers.delete(names: names) }
            Say.line("deleted \(names.count) server\(names.count == 1 ? "" : "s")")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List registered servers.",
            discussion: "Example: patchbay server list --tenant acme --format csv")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only the servers of this tenant.") var tenant: String?
        @OptionGroup var output: FormatOption

        func run() async throws {
            let servers = try await Runtime.with(global) { try await $0.servers.list(tenant: tenant) }
            Listing(columns: ServerColumn.allCases.map(\.csvName),
                    rows: servers.map { [$0.server.ipAddress, $0.server.name, $0.tenantName, $0.server.owners.joined(separator: ";"),
                                         $0.server.hostName, $0.server.osName, $0.server.wsusComputerName, $0.server.timeZone] },
                    droppable: [ServerColumn.osName.csvName, ServerColumn.hostName.csvName, ServerColumn.timeZone.csvName])
                .print(output.format)
        }
    }

    static func readFile(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw PatchbayError.fileError("there is no file \(path)", fix: "check the path of --file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PatchbayError.fileError("cannot read \(path)", fix: "check the file's permissions")
        }
        return data
    }
}

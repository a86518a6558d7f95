import ArgumentParser
import PatchbayCore

struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Manage tenants: the customer organisations whose servers Patchbay patches.",
        discussion: "A tenant groups servers and the tenant admins and tenant users who may patch them.",
        subcommands: [Add.self, Update.self, Delete.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a tenant.",
            discussion: "Example: patchbay tenant add --name acme --description \"Acme Corp, Osaka\"")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Unique tenant name (up to 64 characters; Japanese is fine).") var name: String
        @Option(help: "Free text shown next to the name.") var description: String = ""

        func run() async throws {
            let tenant = try await Runtime.with(global) { try await $0.tenants.add(name: name, description: description) }
            Say.line("added tenant '\(tenant.name)'")
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rename a tenant or change its description.",
            discussion: "Example: patchbay tenant update acme --new-name acme-corp")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The tenant to change.") var name: String
        @Option(help: "The new name.") var newName: String?
        @Option(help: "The new description.") var description: String?

        func validate() throws {
            if newName == nil && description == nil {
                throw ValidationError("nothing to change: give --new-name and/or --description")
            }
        }

        func run() async throws {
            let tenant = try await Runtime.with(global) {
                try await $0.tenants.update(name: name, newName: newName, description: description)
            }
            Say.line("updated tenant '\(tenant.name)'")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a tenant that has no users and no servers left.",
            discussion: "Example: patchbay tenant delete acme")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The tenant to delete.") var name: String

        func run() async throws {
            try await Runtime.with(global) { try await $0.tenants.delete(name: name) }
            Say.line("deleted tenant '\(name)'")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List tenants.",
            discussion: "Example: patchbay tenant list --format csv > tenants.csv")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            let tenants = try await Runtime.with(global) { try await $0.tenants.list() }
            Listing(columns: ["name", "description", "created"],
                    rows: tenants.map { [$0.name, $0.description, TimeInput.display($0.createdAt)] })
                .print(output.format)
        }
    }
}

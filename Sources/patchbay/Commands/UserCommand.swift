import ArgumentParser
import PatchbayCore
import Services

extension Role: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage operator accounts: their role, tenant, e-mail, language and password.",
        discussion: """
            Roles: infra-admin (all tenants; applies by command only), dual-admin (all tenants, console and
            command), tenant-admin (its tenant's servers and jobs), tenant-user (the servers it owns).
            Passwords are never given on the command line: they are typed at a prompt without echo, or piped
            in with --password-stdin, and stored only as a PBKDF2-SHA256 hash (600,000 rounds).
            """,
        subcommands: [Add.self, Update.self, Delete.self, List.self, Passwd.self, Lock.self, Unlock.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user.",
            discussion: """
                Examples:
                  patchbay user add --id sato --role tenant-user --tenant acme --email sato@acme.example --language ja
                  printf '%s\\n' "$PW" | patchbay user add --id ops --role infra-admin --email ops@corp.example --password-stdin
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Login id: letters, digits, '.', '_', '@', '-'.") var id: String
        @Option(help: "One of \(Role.choices).") var role: Role
        @Option(help: "The user's tenant (required for tenant-admin and tenant-user).") var tenant: String?
        @Option(help: "Where Patchbay sends this user's mail.") var email: String
        @Option(help: "Language of screens and mail: \(Language.choices).") var language: Language = .en
        @Flag(help: "Read the password from the first line of standard input instead of prompting.") var passwordStdin = false

        func run() async throws {
            let password = try PasswordInput.read(fromStandardInput: passwordStdin, userID: id)
            let user = try await Runtime.with(global) {
                try await $0.users.add(.init(id: id, role: role, tenant: tenant, email: email, language: language), password: password)
            }
            Say.line("added user '\(user.id)' (\(user.role.rawValue))")
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a user's role, tenant, e-mail or language.",
            discussion: "Example: patchbay user update sato --role tenant-admin --email sato@acme.example")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user to change.") var id: String
        @Option(help: "New role: \(Role.choices).") var role: Role?
        @Option(help: "New tenant; an empty value removes it (dual-admin only).") var tenant: String?
        @Option(help: "New e-mail address.") var email: String?
        @Option(help: "New language: \(Language.choices).") var language: Language?

        func validate() throws {
            if role == nil && tenant == nil && email == nil && language == nil {
                throw ValidationError("nothing to change: give --role, --tenant, --email and/or --language")
            }
        }

        func run() async throws {
            let changes = UserService.Changes(role: role, tenant: tenant.map { $0.isEmpty ? nil : $0 }, email: email, language: language)
            let user = try await Runtime.with(global) { try await $0.users.update(id: id, changes) }
            Say.line("updated user '\(user.id)'")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a user who owns no servers.",
            discussion: "Example: patchbay user delete sato")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user to delete.") var id: String

        func run() async throws {
            try await Runtime.with(global) { try await $0.users.delete(id: id) }
            Say.line("deleted user '\(id)'")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List users (never their passwords).",
            discussion: "Example: patchbay user list --tenant acme --format json")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only the users of this tenant.") var tenant: String?
        @OptionGroup var output: FormatOption

        func run() async throws {
            let users = try await Runtime.with(global) { try await $0.users.list(tenant: tenant) }
            Listing(columns: ["id", "role", "tenant", "email", "language", "locked"],
                    rows: users.map { [$0.user.id, $0.user.role.rawValue, $0.tenantName ?? "", $0.user.email,
                                       $0.user.language.rawValue, $0.user.locked ? "yes" : "no"] })
                .print(output.format)
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a user's password.",
            discussion: "Example: patchbay user passwd sato   (prompts twice, without echo)")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user whose password to set.") var id: String
        @Flag(help: "Read the password from the first line of standard input instead of prompting.") var passwordStdin = false

        func run() async throws {
            let password = try PasswordInput.read(fromStandardInput: passwordStdin, userID: id)
            try await Runtime.with(global) { try await $0.users.setPassword(id: id, password: password) }
            Say.line("password of '\(id)' changed")
        }
    }

    struct Lock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lock a user out: the user can no longer log in or act.",
            discussion: "Example: patchbay user lock sato")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user to lock.") var id: String

        func run() async throws {
            try await Runtime.with(global) { try await $0.users.setLocked(id: id, true) }
            Say.line("locked user '\(id)'")
        }
    }

    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Unlock a locked user.",
            discussion: "Example: patchbay user unlock sato")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user to unlock.") var id: String

        func run() async throws {
            try await Runtime.with(global) { try await $0.users.setLocked(id: id, false) }
            Say.line("unlocked user '\(id)'")
        }
    }
}

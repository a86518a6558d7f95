import Console
import Foundation
import Testing

/// Every role of two tenants tries every command and every console screen against the other tenant's
/// servers, jobs, mails and audit records, before and after a server moves between the tenants: nothing is
/// read and nothing is done. The commands come from the argument parser's own tree, so a new command without
/// a case here fails the suite.
@Suite("Adversarial: tenants cannot reach each other", .serialized)
struct AdversarialEndToEndTests {
    /// How a command can be aimed at another tenant.
    enum Reach {
        /// It acts as the user named by `--user`: probed for every role against the other tenant.
        case actsAsUser
        /// It runs only as the management server's own shell: it has no way to act as a tenant role, which the
        /// suite checks by offering it `--user` (a usage error).
        case shellOnly
        /// Shell only, with a `--user` option that filters records by user id (never acts as that user).
        case shellOnlyUserFilter
        /// The console: every screen is tried in a pty below.
        case console
    }

    static let commands: [String: Reach] = [
        "console": .console, "demo": .shellOnly, "daemon": .shellOnly, "update-info": .shellOnly, "help": .shellOnly,
        "patch info": .actsAsUser, "patch apply": .actsAsUser,
        "job list": .actsAsUser, "job show": .actsAsUser, "job retry": .actsAsUser, "job cancel": .actsAsUser,
        "job continue": .actsAsUser, "job rerun-failed": .actsAsUser,
        "mail list": .shellOnly, "mail resend": .shellOnly,
        "tenant add": .shellOnly, "tenant update": .shellOnly, "tenant delete": .shellOnly, "tenant list": .shellOnly,
        "user add": .shellOnly, "user update": .shellOnly, "user delete": .shellOnly, "user list": .shellOnly, "user passwd": .shellOnly,
        "user lock": .shellOnly, "user unlock": .shellOnly,
        "server add": .shellOnly, "server update": .shellOnly, "server delete": .shellOnly, "server list": .shellOnly,
        "audit list": .shellOnlyUserFilter,
        "agent check": .actsAsUser,
        "cmdb status": .shellOnly, "cmdb copy": .shellOnly,
    ]

    /// The leaf commands of `patchbay` with the names of their options, as the argument parser itself describes them.
    static func parserCommands() throws -> [String: Set<String>] {
        let dump = try PatchbayBinary().run(["--experimental-dump-help"])
        let tree = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var leaves: [String: Set<String>] = [:]
        func walk(_ command: [String: Any], _ path: [String]) {
            let subcommands = command["subcommands"] as? [[String: Any]] ?? []
            if subcommands.isEmpty {
                let arguments = command["arguments"] as? [[String: Any]] ?? []
                leaves[path.joined(separator: " ")] = Set(arguments.flatMap { ($0["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } })
            }
            for sub in subcommands { walk(sub, path + [sub["commandName"] as? String ?? "?"]) }
        }
        walk(try #require(tree["command"] as? [String: Any]), [])
        return leaves
    }

    struct Tenant {
        var name: String
        var prefix: String
        var roles: [String]
    }

    static let acme = Tenant(name: "acme", prefix: "ACME-", roles: ["acme-admin", "acme-user"])
    static let globex = Tenant(name: "globex", prefix: "GLX-", roles: ["globex-admin", "globex-user"])

    /// A scheduled job made by `user` through the console wizard, on the first server it offers; its id.
    func wizardJob(_ home: DemoHome, _ user: String, japanese: Bool, down: Int) throws -> Int {
        let before = try jobIDs(home)
        let run = try ConsoleEndToEndTests().drive(home, lang: japanese ? "ja_JP.UTF-8" : "C.UTF-8", [
            SessionFollowsEndToEndTests.toConfirmation(user, japanese: japanese, down: down),
            .wizard(.next), .expect(japanese ? "を作成しました" : "was created", timeout: 20), .wizard(.close), .patches(.quit), .exits(),
        ])
        #expect(run.ok, "\(run.report)")
        return try #require(Set(try jobIDs(home)).subtracting(before).first)
    }

    func jobIDs(_ home: DemoHome, as user: String? = nil) throws -> [Int] {
        let result = try home.binary.run(["job", "list", "--format", "json"] + (user.map { ["--user", $0] } ?? []))
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        return rows.compactMap { ($0["id"] as? Int) ?? Int($0["id"] as? String ?? "") }
    }

    /// The job's server names and states as the management server sees them.
    func snapshot(_ home: DemoHome, _ job: Int) throws -> String {
        try home.run("job", "show", String(job), "--format", "json").stdout
    }

    /// `probe` run as each role of `attacker`, aimed at `victim`: it must read and change nothing of the victim.
    func attack(_ home: DemoHome, from attacker: Tenant, on victim: Tenant, victimJobs: [Int], victimServer: String, foreignServers: Set<String>,
                phase: String) throws {
        let before = try victimJobs.map { try snapshot(home, $0) }
        let jobsBefore = try jobIDs(home)
        for role in attacker.roles {
            let context = "\(phase): \(role) against \(victim.name)"
            let info = try home.run("patch", "info", "--user", role, "--format", "csv")
            #expect(info.status == 0, "\(context): \(info.stderr)")
            for server in foreignServers { #expect(!info.stdout.contains(server + ","), "\(context): patch info shows \(server)") }
            let aimed = try home.run("patch", "info", "--user", role, "--server", victimServer, "--format", "csv")
            #expect(aimed.stdout.split(separator: "\n").count <= 1, "\(context): patch info --server \(victimServer): \(aimed.stdout)")
            let apply = try home.run("patch", "apply", "--user", role, "--server", victimServer, "--patch", "KB5033371", "--at", "+1d")
            #expect(apply.status == 102 || apply.status == 10, "\(context): patch apply exit \(apply.status) \(apply.stderr)")
            // The agent check on a foreign server answers as for a server that does not exist, and reaches nothing.
            let checked = try home.run("agent", "check", "--user", role, "--server", victimServer)
            #expect(checked.status == 10 && checked.stderr.contains("there is no server '\(victimServer)' you may see") && checked.stdout.isEmpty,
                    "\(context): agent check exit \(checked.status) \(checked.stdout)\(checked.stderr)")
            let listed = try home.run("job", "list", "--user", role, "--format", "csv")
            for server in foreignServers { #expect(!listed.stdout.contains(server), "\(context): job list shows \(server)") }
            for job in victimJobs {
                let show = try home.run("job", "show", String(job), "--user", role)
                for server in foreignServers { #expect(!show.stdout.contains(server), "\(context): job show \(job) shows \(server)\n\(show.stdout)") }
                for action in ["retry", "cancel", "continue", "rerun-failed"] {
                    let acted = try home.run("job", action, String(job), "--user", role)
                    #expect(acted.status != 0, "\(context): job \(action) \(job) was accepted: \(acted.stdout)")
                }
            }
        }
        #expect(try victimJobs.map { try snapshot(home, $0) } == before, "\(phase): a victim job changed")
        #expect(try jobIDs(home) == jobsBefore, "\(phase): a job was created")
    }

    @Test("every command and every screen, for every role of two tenants, before and after a server moves: zero reads, zero actions")
    func tenantsCannotReachEachOther() throws {
        let leaves = try Self.parserCommands()
        #expect(leaves.count > 20)
        for (leaf, options) in leaves {
            switch Self.commands[leaf] {
            case nil: Issue.record("the command '\(leaf)' has no case in the adversarial suite")
            case .actsAsUser?, .shellOnlyUserFilter?: #expect(options.contains("user"), "'\(leaf)' has no --user")
            case .shellOnly?, .console?: #expect(!options.contains("user"), "'\(leaf)' takes --user: give it a probe in this suite")
            }
        }

        let home = try DemoHome()
        let added = try home.run("user", "add", "--id", "globex-admin", "--role", "tenant-admin", "--tenant", "globex",
                                 "--email", "globex-admin@globex.example", "--password-stdin", input: "patchbay-demo\n")
        #expect(added.status == 0, "\(added.stderr)")

        let acmeJob = try wizardJob(home, "acme-user", japanese: false, down: 0)
        let globexJob = try wizardJob(home, "globex-user", japanese: true, down: 1)
        let servers = try home.serverNames()
        let acmeServers = Set(servers.filter { $0.hasPrefix("ACME-") }), globexServers = Set(servers.filter { $0.hasPrefix("GLX-") })
        let globexJobServer = try #require(globexServers.first { try snapshot(home, globexJob).contains($0) })

        try attack(home, from: Self.acme, on: Self.globex, victimJobs: [globexJob], victimServer: globexJobServer, foreignServers: globexServers,
                   phase: "before the move")
        try attack(home, from: Self.globex, on: Self.acme, victimJobs: [acmeJob], victimServer: "ACME-DB01", foreignServers: acmeServers,
                   phase: "before the move")
        try screens(home, roles: Self.acme.roles, foreign: globexServers, phase: "before the move")
        try screens(home, roles: Self.globex.roles, foreign: acmeServers, phase: "before the move")

        // The globex server of globex-user's job moves to acme, owned by acme-user.
        let moved = try home.run("server", "update", globexJobServer, "--tenant", "acme", "--owner", "acme-user")
        #expect(moved.status == 0 && moved.stdout.contains("stopped job \(globexJob) on \(globexJobServer): server moved to tenant acme"), "\(moved.stdout)")
        let remainingGlobex = globexServers.subtracting([globexJobServer])

        // globex keeps its own record, cancelled with the reason, and can do nothing more with it.
        for role in Self.globex.roles {
            let show = try home.run("job", "show", String(globexJob), "--user", role)
            #expect(show.status == 0 && show.stdout.contains("\(globexJobServer)  cancelled: server moved to tenant acme"), "\(role): \(show.stdout)")
            for action in ["retry", "cancel", "continue", "rerun-failed"] {
                #expect(try home.run("job", action, String(globexJob), "--user", role).status != 0, "\(role) job \(action) after the move")
            }
        }
        // acme sees the job that touches its server now, and cannot act on it for globex.
        for role in Self.acme.roles {
            #expect(try jobIDs(home, as: role).contains(globexJob), "\(role) does not see the job on its new server")
        }
        try attack(home, from: Self.acme, on: Self.globex, victimJobs: [globexJob], victimServer: remainingGlobex.sorted()[0],
                   foreignServers: remainingGlobex, phase: "after the move")
        // globex's own job still names the moved server (its record up to the move); nothing else of globex does.
        try attack(home, from: Self.globex, on: Self.acme, victimJobs: [acmeJob], victimServer: globexJobServer,
                   foreignServers: acmeServers, phase: "after the move")
        for role in Self.globex.roles {
            let info = try home.run("patch", "info", "--user", role, "--format", "csv")
            #expect(!info.stdout.contains(globexJobServer + ","), "\(role) still sees the moved server's patches")
        }
        try screens(home, roles: Self.acme.roles, foreign: remainingGlobex, phase: "after the move")
        try screens(home, roles: Self.globex.roles, foreign: acmeServers, outsideOwnJobs: [globexJobServer], phase: "after the move")
    }

    /// Each role logs in to the console and opens every screen: no foreign server name may appear on any.
    /// `outsideOwnJobs`: servers that may appear only in the monitor, in the role's own jobs' records.
    func screens(_ home: DemoHome, roles: [String], foreign: Set<String>, outsideOwnJobs: Set<String> = [], phase: String) throws {
        for role in roles {
            let japanese = role == "globex-user"
            let strings = ConsoleStrings(japanese ? .ja : .en)
            // Each view is kept once what it reads has arrived: the details pane's supersedence, the monitor's
            // and the status view's figures (until then they say they are reading).
            let run = try ConsoleEndToEndTests().drive(home, lang: japanese ? "ja_JP.UTF-8" : "C.UTF-8", [
                .login(role, japanese: japanese), .screen,
                .patches(.details), .expect("\(strings.supersedes):"), .screen, .patches(.details),
                .patches(.servers), .expect(strings.lastReport), .screen, .servers(.details), .expect("\(strings.details) — "), .screen, .servers(.details),
                .servers(.jobs), .expect("Patchbay — \(strings.jobs)"), .expectGone(strings.readingFigures), .screen,
                .monitor(.open), .screen, .monitor(.back), .monitor(.back),
                .servers(.status), .expect("Patchbay — \(strings.status)"), .expectGone(strings.readingFigures), .screen,
                .status(.quit), .exits(),
            ])
            #expect(run.ok && run.screens.count == 7, "\(phase) \(role): \(run.error)\n\(run.screens.joined(separator: "\n----\n"))")
            for (index, screen) in run.screens.enumerated() {
                // Screens 4 and 5 are the monitor: the job list and the opened job.
                let hidden = [4, 5].contains(index) ? foreign : foreign.union(outsideOwnJobs)
                for server in hidden { #expect(!screen.contains(server), "\(phase) \(role) screen \(index) shows \(server):\n\(screen)") }
            }
        }
    }
}

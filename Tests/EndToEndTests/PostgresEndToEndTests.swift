import Foundation
import PatchbayCore
import Testing
import TestSupport

/// The real binaries on a CMDB in a real PostgreSQL (the throwaway cluster `make test` starts), beside the
/// same site on SQLite, both discovering from one WSUS simulator: what operators see must not depend on the engine.
@Suite("PostgreSQL end to end", .serialized)
struct PostgresEndToEndTests {
    /// A home whose configuration puts the CMDB in a fresh PostgreSQL database, with the demo's scenario served by
    /// `simulator` and its tenants, users and servers entered by command, as an operator would.
    final class PostgresHome {
        let folder: String
        let url: PostgresURL
        let binary: PatchbayBinary
        var config: String { folder + "/patchbay.yaml" }

        init(wsusURL: String, demo: DemoHome) throws {
            folder = NSTemporaryDirectory() + "patchbay-pg-e2e-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            url = try PostgresCluster.createDatabase()
            let password = try PostgresCluster.server().password
            FileManager.default.createFile(atPath: folder + "/cmdb.password", contents: Data((password + "\n").utf8), attributes: [.posixPermissions: 0o600])
            try FileManager.default.copyItem(atPath: demo.folder + "/wsus01.password", toPath: folder + "/wsus01.password")
            try """
                cmdb:
                  postgres: {url: "\(url)", password_file: cmdb.password, pool: 4}
                wsus:
                  - name: wsus01
                    url: \(wsusURL)
                    username: 'CORP\\svc-patchbay'
                    password_file: wsus01.password
                """.write(toFile: folder + "/patchbay.yaml", atomically: true, encoding: .utf8)
            binary = PatchbayBinary(environment: ["PATCHBAY_CONFIG": folder + "/patchbay.yaml"])
        }

        deinit {
            PostgresCluster.dropDatabase(url)
            try? FileManager.default.removeItem(atPath: folder)
        }

        @discardableResult
        func run(_ arguments: String..., input: String? = nil) throws -> PatchbayBinary.Result {
            try run(arguments, input: input)
        }

        @discardableResult
        func run(_ arguments: [String], input: String? = nil) throws -> PatchbayBinary.Result {
            let result = try binary.run(arguments, input: input)
            if result.status != 0 { Issue.record("`patchbay \(arguments.joined(separator: " "))` exited \(result.status): \(result.stderr)") }
            return result
        }
    }

    @Test("tenants, users and servers by command, discovery, patch info: the same rows on PostgreSQL as on SQLite; nothing of it lands in a file")
    func sameAsSQLite() throws {
        let jobs = try JobHome()
        let home = try PostgresHome(wsusURL: jobs.simulator.baseURL, demo: jobs.home)
        try home.run("tenant", "add", "--name", "acme", "--description", "Acme Corporation — web shop and ERP")
        try home.run("tenant", "add", "--name", "globex", "--description", "グローベックス株式会社 (Globex Japan)")
        for (id, role, tenant) in [("infra", "infra-admin", nil), ("acme-user", "tenant-user", "acme"), ("globex-user", "tenant-user", "globex")] as [(String, String, String?)] {
            try home.run(["user", "add", "--id", id, "--role", role, "--email", "\(id)@demo.patchbay.example", "--password-stdin"]
                         + (tenant.map { ["--tenant", $0] } ?? []), input: "patchbay-demo\n")
        }
        try home.run("server", "add", "--file", jobs.home.folder + "/servers.csv")
        let discovered = try home.run("update-info", "--repository")
        #expect(discovered.stdout.contains("wsus01"), "\(discovered.stdout)")

        let onPostgres = try home.run("patch", "info", "--format", "json").stdout
        let onSQLite = try jobs.run("patch", "info", "--format", "json").stdout
        #expect(!onPostgres.isEmpty && onPostgres.count > 1_000)
        #expect(onPostgres == onSQLite, "patch info --format json prints the same rows on both engines")
        #expect(try home.run("patch", "info", "--user", "globex-user", "--format", "csv").stdout
                == jobs.run("patch", "info", "--user", "globex-user", "--format", "csv").stdout)
        let audit = try home.run("audit", "list", "--format", "csv").stdout
        #expect(audit.contains("tenant add") && audit.contains("update-info"), "\(audit)")
        #expect(!FileManager.default.fileExists(atPath: home.folder + "/cmdb.sqlite"))
        let password = try PostgresCluster.server().password
        let servers = try PostgresCluster.psql(home.url, password: password, "SELECT count(*) FROM servers")
        #expect(servers.trimmingCharacters(in: .whitespacesAndNewlines) == "12")
    }

    @Test("a job with the real daemon on PostgreSQL runs to its end; job list and the audit show it")
    func jobWithDaemon() throws {
        let jobs = try JobHome()
        let home = try PostgresHome(wsusURL: jobs.simulator.baseURL, demo: jobs.home)
        try home.run("tenant", "add", "--name", "acme")
        try home.run("tenant", "add", "--name", "globex")
        try home.run(["user", "add", "--id", "infra", "--role", "infra-admin", "--email", "infra@demo.patchbay.example", "--password-stdin"],
                     input: "patchbay-demo\n")
        for (id, tenant) in [("acme-user", "acme"), ("globex-user", "globex")] {
            try home.run(["user", "add", "--id", id, "--role", "tenant-user", "--tenant", tenant, "--email", "\(id)@x.example", "--password-stdin"],
                         input: "patchbay-demo\n")
        }
        try home.run("server", "add", "--file", jobs.home.folder + "/servers.csv")
        try home.run("update-info", "--repository")
        try """
            jobs:
              agent: simulated
              lease_seconds: 3
              verify_interval_seconds: 1
            """.write(toFile: home.folder + "/jobs.yaml", atomically: true, encoding: .utf8)
        let config = try String(contentsOfFile: home.config, encoding: .utf8) + "\n" + String(contentsOfFile: home.folder + "/jobs.yaml", encoding: .utf8)
        try config.write(toFile: home.config, atomically: true, encoding: .utf8)
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: PatchbayBinary.path)
        daemon.arguments = ["daemon", "--config", home.config]
        daemon.standardOutput = FileHandle.nullDevice
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        defer {
            daemon.terminate()
            daemon.waitUntilExit()
        }
        let applied = try home.run("patch", "apply", "--user", "infra", "--server", "ACME-WEB01", "--patch", "KB5033383", "--wait")
        #expect(applied.stdout.contains("job 1 completed"), "\(applied.stdout)\(applied.stderr)")
        #expect(try jobs.installCounts()["acme-web01.acme.example"] == ["KB5033383": 1])
        let listed = try home.run("job", "list", "--format", "csv").stdout
        #expect(listed.contains("1,completed,"), "\(listed)")
        let info = try home.run("patch", "info", "--server", "ACME-WEB01", "--patch", "KB5033383", "--format", "csv").stdout
        #expect(info.contains(",job 1,"), "the job's observation is stored on PostgreSQL too: \(info)")
    }

    /// A configuration naming a fresh PostgreSQL database (no WSUS), for `cmdb copy --to-config`.
    final class PostgresTarget {
        let folder: String
        let url: PostgresURL
        var config: String { folder + "/patchbay.yaml" }

        init() throws {
            folder = NSTemporaryDirectory() + "patchbay-pg-copy-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            url = try PostgresCluster.createDatabase()
            FileManager.default.createFile(atPath: folder + "/cmdb.password", contents: Data((try PostgresCluster.server().password + "\n").utf8),
                                           attributes: [.posixPermissions: 0o600])
            try "cmdb:\n  postgres: {url: \"\(url)\", password_file: cmdb.password}\n".write(toFile: config, atomically: true, encoding: .utf8)
        }

        deinit {
            PostgresCluster.dropDatabase(url)
            try? FileManager.default.removeItem(atPath: folder)
        }

        func run(_ arguments: String...) throws -> PatchbayBinary.Result {
            try PatchbayBinary(environment: ["PATCHBAY_CONFIG": config]).run(arguments)
        }
    }

    @Test("cmdb copy of the demo CMDB: every table verified; patch info and the audit records from before print the same on PostgreSQL; a second copy is refused")
    func copyTheDemo() throws {
        let demo = try DemoHome()
        let auditBefore = try demo.run("audit", "list", "--format", "json").stdout
        let target = try PostgresTarget()
        let copied = try demo.run("cmdb", "copy", "--to-config", target.config)
        #expect(copied.status == 0, "\(copied.stdout)\(copied.stderr)")
        #expect(copied.stdout.contains("every table verified") && copied.stdout.contains("tenants "), "\(copied.stdout)")

        #expect(try target.run("patch", "info", "--format", "json").stdout == demo.run("patch", "info", "--format", "json").stdout)
        let before = try JSONSerialization.jsonObject(with: Data(auditBefore.utf8)) as? [[String: Any]] ?? []
        let after = try JSONSerialization.jsonObject(with: Data(try target.run("audit", "list", "--format", "json").stdout.utf8)) as? [[String: Any]] ?? []
        #expect(before.count > 10 && after.count >= before.count + 2)
        #expect(after.prefix(before.count).map { NSDictionary(dictionary: $0) } == before.map { NSDictionary(dictionary: $0) },
                "the audit records from before the copy are the same on PostgreSQL")
        #expect(after.contains { $0["operation"] as? String == "cmdb copy" }, "the copy recorded itself, in the new CMDB")
        // New rows get new ids after the copied ones.
        #expect(try target.run("tenant", "add", "--name", "initech").status == 0)
        let tenants = try target.run("tenant", "list", "--format", "csv").stdout
        #expect(tenants.contains("initech"), "\(tenants)")

        let again = try demo.run("cmdb", "copy", "--to-config", target.config)
        #expect(again.status == 101 && again.stderr.contains("already holds"), "\(again.stderr)")

        let status = try target.run("cmdb", "status")
        #expect(status.stdout.contains("engine:   postgresql") && status.stdout.contains("location: \(target.url)") && status.stdout.contains("schema:   version 11"),
                "\(status.stdout)")
        #expect(try demo.run("cmdb", "status").stdout.contains("engine:   sqlite"))
    }

    @Test("on PostgreSQL: apply-request mail reaches the real SMTP server through the daemon's mailer")
    func mail() throws {
        let smtp = try SMTPServerProcess()
        let smtpSection = try smtp.patchbaySection()
        let jobs = try JobHome(onPostgres: true) { _ in smtpSection }
        try jobs.control("/control/approve", #"{"update": "KB5033464", "group": "All Computers"}"#)
        let discovered = try jobs.run("update-info", "--repository")
        #expect(discovered.status == 0 && discovered.stdout.contains("apply-request mails queued"), "\(discovered.stdout)\(discovered.stderr)")
        try jobs.startDaemon()
        let deadline = Date().addingTimeInterval(30)
        var received: [[String: String]] = []
        while Date() < deadline {
            received = try smtp.received().filter { ($0["body"] ?? "").contains("KB5033464") }
            if received.count >= 3 { break }
            Thread.sleep(forTimeInterval: 0.3)
        }
        #expect(received.count == 3, "\(jobs.daemonOutput)")
        let listed = try jobs.run("mail", "list", "--format", "csv").stdout
        #expect(listed.contains(",sent,"), "the outbox on PostgreSQL says sent: \(listed)")
    }

    @Test("on PostgreSQL: a console login in a real pty shows the patch list, whose title says when its data was read")
    func consoleLogin() throws {
        let jobs = try JobHome(onPostgres: true)
        let run = try ConsolePty.drive(jobs.home, [
            .login("acme-user"), .expect("KB5033383"), .screen, .patches(.status), .expect("postgres://"), .screen, .status(.quit), .exits(),
        ])
        #expect(run.ok, "\(run.report)")
        #expect(run.screens.first?.contains("read ") == true)
        #expect(run.exit == 0)
    }
}

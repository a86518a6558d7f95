import Foundation
import Testing

@Suite("patchbay user")
struct UserEndToEndTests {
    static let secret = "Tr0ub4dor&3-horse-staple"

    @Test("a user added with --password-stdin is stored hashed: sqlite3 .dump shows no plaintext password")
    func noPlaintextInDump() throws {
        let home = try DemoHome()
        let add = try home.run("user", "add", "--id", "sato", "--role", "tenant-user", "--tenant", "globex",
                               "--email", "sato@globex.example", "--language", "ja", "--password-stdin", input: Self.secret + "\n")
        #expect(add.status == 0, "\(add.stderr)")
        let dump = Process()
        dump.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        dump.arguments = [home.cmdb, ".dump"]
        let pipe = Pipe()
        dump.standardOutput = pipe
        try dump.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        dump.waitUntilExit()
        #expect(dump.terminationStatus == 0)
        #expect(text.contains("INSERT INTO users VALUES('sato'"), "the dump really holds the users table")
        #expect(text.contains("pbkdf2-sha256$600000$"))
        #expect(!text.contains(Self.secret))
        #expect(!text.contains("patchbay-demo"))
    }

    @Test("passwords never appear in the audit log or in argv-style options")
    func passwordNotAudited() throws {
        let home = try DemoHome()
        _ = try home.run("user", "passwd", "acme-user", "--password-stdin", input: Self.secret + "\n")
        let audit = try home.run("audit", "list", "--format", "csv")
        #expect(audit.stdout.contains("user passwd"))
        #expect(!audit.stdout.contains(Self.secret))
        let withArgv = try home.run("user", "add", "--id", "x", "--role", "infra-admin", "--email", "x@x.example", "--password", "oops")
        #expect(withArgv.status == 10, "there is no --password option")
    }

    /// `user add --id ID` in a real pty (Tests/Interop/pty_password.py) answering both prompts with `answer`.
    func addAtPrompt(_ home: DemoHome, id: String, answer: String) throws -> [String: Any] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop/pty_password.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, answer, PatchbayBinary.path, "user", "add", "--id", id, "--role", "tenant-user",
                             "--tenant", "acme", "--email", "\(id)@acme.example", "--config", home.config]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    @Test("on a terminal the password is asked twice without echo")
    func terminalPrompt() throws {
        let home = try DemoHome()
        let result = try addAtPrompt(home, id: "tanaka", answer: Self.secret)
        let shown = result["shown"] as? String ?? ""
        #expect(result["status"] as? Int == 0, "\(shown)")
        #expect(result["answered"] as? Int == 2)
        #expect(shown.contains("Password for tanaka:") && shown.contains("Repeat the password:"))
        #expect(!shown.contains(Self.secret), "the password is never echoed")
        #expect(shown.contains("added user 'tanaka'"))
        #expect(try home.run("user", "list", "--tenant", "acme").stdout.contains("tanaka"))
    }

    @Test("Ctrl-C at the password prompt ends the command with 130, echo back on, and no user created")
    func interruptedPrompt() throws {
        let home = try DemoHome()
        let result = try addAtPrompt(home, id: "suzuki", answer: "--interrupt")
        #expect(result["status"] as? Int == 130, "\(result)")
        #expect(result["echo"] as? Bool == true, "the terminal echoes again")
        #expect(!(try home.run("user", "list").stdout.contains("suzuki")))
    }

    @Test("a weak password from stdin is refused with exit 10 and the user is not created")
    func weakPassword() throws {
        let home = try DemoHome()
        let result = try home.run("user", "add", "--id", "weak", "--role", "infra-admin", "--email", "w@x.example",
                                  "--password-stdin", input: "short\n")
        #expect(result.status == 10)
        #expect(result.stderr.contains("too short"))
        #expect(!(try home.run("user", "list").stdout.contains("weak")))
    }

    @Test("update, lock, unlock and delete work and show in the list")
    func lifecycle() throws {
        let home = try DemoHome()
        #expect(try home.run("user", "update", "acme-user", "--language", "ja", "--email", "new@acme.example").status == 0)
        #expect(try home.run("user", "lock", "acme-admin").status == 0)
        let json = try home.run("user", "list", "--tenant", "acme", "--format", "json")
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: String]] ?? []
        #expect(rows.first { $0["id"] == "acme-user" }?["language"] == "ja")
        #expect(rows.first { $0["id"] == "acme-admin" }?["locked"] == "yes")
        #expect(try home.run("user", "unlock", "acme-admin").status == 0)
        let ownsServers = try home.run("user", "delete", "acme-user")
        #expect(ownsServers.status == 10)
        #expect(ownsServers.stderr.contains("still owns servers"))
        #expect(try home.run("user", "delete", "acme-admin").status == 0)
    }
}

import Foundation
import PatchbayCore
import Testing

/// The CLI contract of docs/architecture.md §7: exit codes, help, formats, configuration handling.
@Suite("CLI contract")
struct CLIContractTests {
    @Test("--help teaches: the exit codes and an example for each command")
    func help() throws {
        let binary = PatchbayBinary()
        let top = try binary.run(["--help"])
        #expect(top.status == 0)
        for code in ["10 ", "20 ", "101", "102", "255"] { #expect(top.stdout.contains(code), "exit code \(code)") }
        for command in [["tenant", "add"], ["user", "add"], ["server", "add"], ["audit", "list"], ["user", "passwd"]] {
            let help = try binary.run(command + ["--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("Example"), "\(command)")
        }
    }

    @Test("usage mistakes exit 10 with the usage line")
    func usage() throws {
        let home = try DemoHome()
        for arguments in [["tenant", "add"], ["tenant", "frobnicate"], ["user", "add", "--id", "x", "--role", "boss", "--email", "e@x.example"],
                          ["server", "add"], ["tenant", "update", "acme"], ["audit", "list", "--since", "yesterday-ish"]] {
            let result = try home.binary.run(arguments)
            #expect(result.status == 10, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.isEmpty)
        }
    }

    @Test("a missing configuration is exit 20 with the fix")
    func missingConfiguration() throws {
        let result = try PatchbayBinary().run(["tenant", "list", "--config", "/nonexistent/patchbay.yaml"])
        #expect(result.status == 20)
        #expect(result.stderr.contains("no configuration file at /nonexistent/patchbay.yaml"))
        #expect(result.stderr.contains("fix:"))
    }

    @Test("a bad configuration is exit 10, names file, line and key, and never touches the CMDB")
    func badConfiguration() throws {
        let folder = NSTemporaryDirectory() + "patchbay-badconfig-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = folder + "/patchbay.yaml"
        try "cmdb:\n  sqlite: cmdb.sqlite\nui:\n  lockout:\n    atempts: 3\n".write(toFile: config, atomically: true, encoding: .utf8)
        let result = try PatchbayBinary().run(["--config", config, "tenant", "add", "--name", "x"])
        #expect(result.status == 10)
        #expect(result.stderr.contains("\(config) line 5, column 5 (ui.lockout.atempts): unknown key 'atempts'. Did you mean 'attempts'?"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/cmdb.sqlite"))
    }

    @Test("--config works before the command, after it, and through PATCHBAY_CONFIG")
    func configPlacement() throws {
        let home = try DemoHome()
        let plain = PatchbayBinary()
        #expect(try plain.run(["--config", home.config, "tenant", "list"]).status == 0)
        #expect(try plain.run(["tenant", "list", "--config", home.config]).status == 0)
        #expect(try plain.run(["tenant", "list"], environment: ["PATCHBAY_CONFIG": home.config]).status == 0)
    }

    @Test("deleting a tenant still in use is refused with exit 10")
    func tenantInUse() throws {
        let home = try DemoHome()
        let result = try home.run("tenant", "delete", "acme")
        #expect(result.status == 10)
        #expect(result.stderr.contains("still has"))
    }

    @Test("list formats: csv parses with a header, json is an array of objects, table fits $COLUMNS")
    func formats() throws {
        let home = try DemoHome()
        let csv = try home.run("server", "list", "--format", "csv").stdout.split(separator: "\n")
        #expect(csv.first == "ip-address,server-name,tenant,owner,host-name,os-name,wsus-computer-name,time-zone")
        #expect(csv.count == 13)
        #expect(csv.contains { $0.hasPrefix("198.51.100.21,GLX-WEB01,globex,") && $0.hasSuffix(",Asia/Tokyo") })
        let json = try home.run("tenant", "list", "--format", "json").stdout
        let objects = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]]
        #expect(objects?.map { $0["name"] } == ["acme", "globex"])
        #expect(objects?.last?["description"]?.contains("グローベックス") == true)
        for width in [80, 60] {
            let table = try home.run("server", "list", environment: ["COLUMNS": String(width)]).stdout
            let lines = table.split(separator: "\n")
            #expect(lines.count == 13)
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= width }, "width \(width):\n\(table)")
        }
        let wide = try home.run("tenant", "list", environment: ["COLUMNS": "40"]).stdout
        #expect(wide.split(separator: "\n").allSatisfy { DisplayWidth.of($0) <= 40 }, "\(wide)")
    }
}

import Foundation
import Testing

@Suite("patchbay demo")
struct DemoTests {
    @Test("creates a home with config, CMDB and servers.csv, and prints two tenants, each role and a dozen servers")
    func creates() throws {
        let home = try DemoHome()
        #expect(home.demoOutput.status == 0, "\(home.demoOutput.stderr)")
        for file in ["patchbay.yaml", "cmdb.sqlite", "servers.csv"] {
            #expect(FileManager.default.fileExists(atPath: home.folder + "/" + file), "\(file)")
        }
        let out = home.demoOutput.stdout
        #expect(out.contains("Created the Patchbay demo home"))
        for role in ["infra-admin", "dual-admin", "tenant-admin", "tenant-user"] { #expect(out.contains(role)) }
        #expect(out.contains("patchbay-demo"), "the demo password is printed")
        let tenants = try home.run("tenant", "list", "--format", "csv")
        #expect(tenants.stdout.split(separator: "\n").count == 3)
        #expect(try home.serverNames().count == 12)
    }

    @Test("a second run reuses the home; --reset starts afresh")
    func rerun() throws {
        let home = try DemoHome()
        _ = try home.run("tenant", "add", "--name", "extra")
        let again = try PatchbayBinary().run(["demo", "--home", home.folder])
        #expect(again.status == 0)
        #expect(again.stdout.contains("Using the existing Patchbay demo home"))
        #expect(try home.run("tenant", "list").stdout.contains("extra"))
        #expect(again.stdout.contains("wsus01: +0 added"), "the restarted simulator has nothing new (only fresh report times)")
        let reset = try PatchbayBinary().run(["demo", "--home", home.folder, "--reset"])
        #expect(reset.status == 0)
        #expect(!(try home.run("tenant", "list").stdout.contains("extra")))
    }

    @Test("the demo runs the simulator and one discovery: patch info shows real data at once")
    func discovered() throws {
        let home = try DemoHome()
        #expect(home.demoOutput.stdout.contains("10 registered servers linked to WSUS computers"), "\(home.demoOutput.stdout)")
        let rows = try home.run("patch", "info", "--patch", "KB5033118", "--format", "json")
        let parsed = try JSONSerialization.jsonObject(with: Data(rows.stdout.utf8)) as? [[String: String]] ?? []
        #expect(parsed.contains { $0["server"] == "ACME-WEB01" && $0["state"] == "installed" && $0["approval"] == "approved" })
        #expect(parsed.contains { $0["server"] == "ACME-WEB02" && $0["state"] == "pending-reboot" })
        let fileServer = try home.run("patch", "info", "--server", "ACME-FS01", "--format", "csv")
        #expect(fileServer.stdout.contains("not-reported-yet"))
        #expect(home.demoOutput.stdout.contains("Tenant acme: 6 servers, 1 not reported yet"))
    }

    @Test("the demo's users can be listed and its password is nowhere in the CMDB file")
    func noPlaintext() throws {
        let home = try DemoHome()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: home.cmdb))
        #expect(bytes.range(of: Data("patchbay-demo".utf8)) == nil)
    }
}

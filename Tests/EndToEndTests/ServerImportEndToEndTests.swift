import Foundation
import Testing

@Suite("patchbay server add --file")
struct ServerImportEndToEndTests {
    @Test("a bad file imports nothing, exits 10 and names the line", arguments: [
        ("wrong column count", "192.0.2.100,NEW1,acme,,,,\n192.0.2.101,NEW2,acme,acme-user\n", "line 2: 4 columns where 8 are expected (or 7, without the time zone)"),
        ("bad IP", "192.0.2.100,NEW1,acme,,,,\n192.0.2.999,NEW2,acme,,,,\n", "line 2, column 1 (ip-address): '192.0.2.999' is not an IPv4 or IPv6 address"),
        ("unknown tenant", "ip-address,server-name,tenant,owner,host-name,os-name,wsus-computer-name\n192.0.2.100,NEW1,initech,,,,\n", "line 2, column 3 (tenant): there is no tenant 'initech'"),
        ("duplicate in file", "192.0.2.100,NEW1,acme,,,,\n192.0.2.101,NEW1,acme,,,,\n", "line 2, column 2 (server-name): server name 'NEW1' is already used by line 1"),
        ("duplicate of CMDB", "192.0.2.11,NEW1,acme,,,,\n", "IP address 192.0.2.11 is already used by server 'ACME-WEB01' in the CMDB"),
    ])
    func badFile(name: String, csv: String, expected: String) throws {
        let home = try DemoHome()
        let file = try home.write("bad.csv", csv)
        let result = try home.run("server", "add", "--file", file)
        #expect(result.status == 10, "\(name)")
        #expect(result.stderr.contains(expected), "\(name): \(result.stderr)")
        #expect(result.stderr.contains("nothing was imported"))
        #expect(result.stderr.contains("fix:"))
        #expect(try home.serverNames().count == 12, "nothing imported for \(name)")
    }

    @Test("four server add processes at once against one CMDB all succeed")
    func concurrentImports() async throws {
        let home = try DemoHome()
        var files: [String] = []
        for process in 0..<4 {
            let lines = (0..<25).map { index in "10.\(process).0.\(index + 1),P\(process)-SRV\(index),acme,acme-user,,Windows Server 2022,\n" }
            files.append(try home.write("batch\(process).csv", lines.joined()))
        }
        let binary = home.binary
        let results = try await withThrowingTaskGroup(of: PatchbayBinary.Result.self) { group in
            for file in files {
                group.addTask { try binary.run(["server", "add", "--file", file]) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stderr.contains("locked"))
            #expect(result.stdout.contains("imported 25 servers"))
        }
        #expect(try home.serverNames().count == 12 + 100)
    }

    @Test("a single server can be added, updated and deleted by options")
    func singleServer() throws {
        let home = try DemoHome()
        let add = try home.run("server", "add", "--ip", "192.0.2.200", "--name", "ACME-NEW", "--tenant", "acme",
                               "--owner", "acme-user", "--wsus-computer-name", "acme-new.acme.example")
        #expect(add.status == 0, "\(add.stderr)")
        let update = try home.run("server", "update", "ACME-NEW", "--os-name", "Windows Server 2025", "--new-name", "ACME-NEW2")
        #expect(update.status == 0, "\(update.stderr)")
        let list = try home.run("server", "list", "--tenant", "acme", "--format", "json")
        let rows = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: String]]
        let row = rows?.first { $0["server-name"] == "ACME-NEW2" }
        #expect(row?["os-name"] == "Windows Server 2025")
        #expect(row?["owner"] == "acme-user")
        let clash = try home.run("server", "add", "--ip", "192.0.2.201", "--name", "acme-web01", "--tenant", "acme")
        #expect(clash.status == 10)
        #expect(clash.stderr.contains("--name: server name 'acme-web01' is already used by server 'ACME-WEB01'"))
        #expect(clash.stderr.contains("fix: choose a unique name, or change the existing server with 'patchbay server update'"))
        let delete = try home.run("server", "delete", "ACME-NEW2")
        #expect(delete.status == 0)
        #expect(try home.serverNames().count == 12)
    }

    @Test("a missing file is a file error (20)")
    func missingFile() throws {
        let home = try DemoHome()
        let result = try home.run("server", "add", "--file", home.folder + "/absent.csv")
        #expect(result.status == 20)
        #expect(result.stderr.contains("there is no file"))
    }
}

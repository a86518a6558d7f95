import Foundation
import PatchbayCore
import Services
import Testing
import TestSupport

@Suite("Server import")
struct ServerImportTests {
    func importing(_ csv: String, into fixture: ServiceFixture) async -> PatchbayError? {
        await patchbayError { _ = try await fixture.servers.importFile(Data(csv.utf8), source: "servers.csv") }
    }

    @Test("a good file with header, comments, IPv6 and several owners imports every server")
    func goodFile() async throws {
        let fixture = try await ServiceFixture()
        let csv = """
            # business servers
            ip-address,server-name,tenant,owner,host-name,os-name,wsus-computer-name
            192.0.2.10,ACME-WEB01,acme,acme-user;acme-other,acme-web01,Windows Server 2022,acme-web01.acme.example
            2001:DB8::10,ACME-DB01,acme,,acme-db01,"Windows Server 2019, Datacenter",
            198.51.100.7 , GLX-APP01 ,globex,globex-user,,,glx-app01.globex.example
            """
        let imported = try await fixture.servers.importFile(Data(csv.utf8), source: "servers.csv")
        #expect(imported.map(\.name) == ["ACME-WEB01", "ACME-DB01", "GLX-APP01"])
        let db = try await fixture.store.read { try await $0.servers.named("ACME-DB01") }
        #expect(db?.ipAddress == "2001:db8::10")
        #expect(db?.osName == "Windows Server 2019, Datacenter")
        #expect(try await fixture.store.read { try await $0.servers.named("ACME-WEB01") }?.owners == ["acme-user", "acme-other"])
        let record = try await fixture.auditTrail().last
        #expect(record?.operation == "server add" && record?.outcome == .success && record?.tenant == "acme,globex")
    }

    @Test("the time-zone column is optional: files with it and files without it both import")
    func timeZoneColumn() async throws {
        let fixture = try await ServiceFixture()
        let csv = """
            ip-address,server-name,tenant,owner,host-name,os-name,wsus-computer-name,time-zone
            192.0.2.10,ACME-WEB01,acme,,,,,America/New_York
            192.0.2.11,ACME-WEB02,acme,,,,,
            """
        _ = try await fixture.servers.importFile(Data(csv.utf8), source: "servers.csv")
        _ = try await fixture.servers.importFile(Data("192.0.2.12,ACME-WEB03,acme,,,,\n".utf8), source: "old.csv")
        let zones = try await fixture.store.read { try await $0.servers.all().map { "\($0.name)=\($0.timeZone)" } }
        #expect(zones == ["ACME-WEB01=America/New_York", "ACME-WEB02=", "ACME-WEB03="])
        let updated = try await fixture.servers.update(name: "ACME-WEB02", .init(timeZone: "Asia/Tokyo")).server
        #expect(updated.timeZone == "Asia/Tokyo")
        let refused = await patchbayError { _ = try await fixture.servers.update(name: "ACME-WEB02", .init(timeZone: "Mars/Olympus")) }
        #expect(refused?.message.contains("'Mars/Olympus' is not a time zone") == true)
        #expect(try await fixture.store.read { try await $0.servers.named("ACME-WEB02") }?.timeZone == "Asia/Tokyo")
    }

    @Test("one bad line imports nothing and the message names line, column and fix", arguments: [
        ("192.0.2.1,A,acme,,,,\n192.0.2.2,B,acme\n", "line 2: 3 columns where 8 are expected (or 7, without the time zone)"),
        ("192.0.2.1,A,acme,,,,\n192.0.2.300,B,acme,,,,\n", "line 2, column 1 (ip-address): '192.0.2.300' is not an IPv4 or IPv6 address"),
        ("192.0.2.1,A,acme,,,,\n192.0.2.2,B,initech,,,,\n", "line 2, column 3 (tenant): there is no tenant 'initech'"),
        ("192.0.2.1,A,acme,,,,\n192.0.2.1,B,acme,,,,\n", "line 2, column 1 (ip-address): IP address 192.0.2.1 is already used by line 1"),
        ("192.0.2.1,A,acme,,,,\n192.0.2.2,a,acme,,,,\n", "line 2, column 2 (server-name): server name 'a' is already used by line 1"),
        ("192.0.2.1,A,acme,globex-user,,,\n", "line 1, column 4 (owner): user 'globex-user' belongs to another tenant than 'acme'"),
        ("192.0.2.1,A,acme,nobody,,,\n", "line 1, column 4 (owner): there is no user 'nobody'"),
        ("192.0.2.1,A,acme,infra,,,\n", "line 1, column 4 (owner): 'infra' is a infrastructure admin"),
        ("192.0.2.1,A,acme,,bad_host,,\n", "line 1, column 5 (host-name): 'bad_host' is not a host name"),
        ("192.0.2.1,,acme,,,,\n", "line 1, column 2 (server-name): the server name is empty"),
        ("192.0.2.1,A,acme,,,,\n\"192.0.2.2,B,acme,,,,\n", "line 2: a quoted field is never closed"),
        ("# only a comment\n", "the file holds no servers"),
        ("192.0.2.1,A,acme,,,,,Tokyo\n", "line 1, column 8 (time-zone): 'Tokyo' is not a time zone"),
    ])
    func badLine(csv: String, expected: String) async throws {
        let fixture = try await ServiceFixture()
        let error = await importing(csv, into: fixture)
        #expect(error?.status == .badArguments)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "imported")")
        #expect(error?.message.contains("nothing was imported") == true)
        #expect(error?.message.contains("fix:") == true || error?.fix != nil)
        #expect(try await fixture.serverNames().isEmpty)
        #expect(try await fixture.auditTrail().last?.outcome == .failure)
    }

    @Test("every problem in the file is listed, not only the first")
    func allProblems() async throws {
        let fixture = try await ServiceFixture()
        let error = await importing("10.0.0.1,A,acme,,,,\n10.0.0.300,B,acme,,,,\n10.0.0.3,C\n10.0.0.4,D,nope,,,,\n", into: fixture)
        let message = error?.message ?? ""
        #expect(message.contains("3 problems found"))
        #expect(message.contains("line 2, column 1"))
        #expect(message.contains("line 3: 2 columns"))
        #expect(message.contains("line 4, column 3"))
    }

    @Test("a duplicate of a server already in the CMDB is refused, and the earlier import stays intact")
    func duplicateOfExisting() async throws {
        let fixture = try await ServiceFixture()
        _ = try await fixture.servers.importFile(Data("192.0.2.1,WEB01,acme,,,,web01.acme.example\n".utf8), source: "first.csv")
        let error = await importing("192.0.2.2,WEB02,acme,,,,\n192.0.2.3,WEB03,acme,,,,WEB01.acme.example\n", into: fixture)
        #expect(error?.message.contains("line 2, column 7 (wsus-computer-name)") == true)
        #expect(error?.message.contains("server 'WEB01' in the CMDB") == true)
        #expect(try await fixture.serverNames() == ["WEB01"])
    }

    @Test("a line that is not UTF-8 is named")
    func notUTF8() async throws {
        let fixture = try await ServiceFixture()
        var data = Data("192.0.2.1,A,acme,,,,\n192.0.2.2,".utf8)
        data.append(contentsOf: [0xE9, 0x74, 0xE9])
        data.append(contentsOf: Data(",acme,,,,\n".utf8))
        let error = await patchbayError { _ = try await fixture.servers.importFile(data, source: "latin1.csv") }
        #expect(error?.message.contains("line 2: the line is not valid UTF-8") == true)
        #expect(try await fixture.serverNames().isEmpty)
    }

    @Test("update re-validates and keeps the server unique; delete is all or nothing")
    func updateAndDelete() async throws {
        let fixture = try await ServiceFixture()
        _ = try await fixture.servers.importFile(Data("192.0.2.1,WEB01,acme,acme-user,,,\n192.0.2.2,WEB02,acme,,,,\n".utf8), source: "s.csv")
        let clash = await patchbayError { _ = try await fixture.servers.update(name: "WEB02", .init(ipAddress: "192.0.2.1")) }
        // The service places the problem by column; the CLI words it as --ip (ServerImportEndToEndTests).
        #expect(clash?.problems.map(\.column) == [.ipAddress])
        #expect(clash?.problems.first?.message == "IP address 192.0.2.1 is already used by server 'WEB01' in the CMDB")
        let moved = try await fixture.servers.update(name: "WEB01", .init(tenant: "globex", owners: ["globex-user"])).server
        #expect(moved.owners == ["globex-user"])
        let wrongOwner = await patchbayError { _ = try await fixture.servers.update(name: "WEB02", .init(owners: ["globex-user"])) }
        #expect(wrongOwner?.status == .badArguments)
        let partial = await patchbayError { try await fixture.servers.delete(names: ["WEB01", "NOPE"]) }
        #expect(partial?.message == "there is no server 'NOPE'")
        #expect(try await fixture.serverNames() == ["WEB01", "WEB02"])
        try await fixture.servers.delete(names: ["WEB01", "WEB02"])
        #expect(try await fixture.serverNames().isEmpty)
        #expect(try await fixture.auditTrail().last?.tenant == "globex,acme")
    }
}

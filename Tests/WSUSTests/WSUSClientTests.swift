import Foundation
import Testing
import WSUS
import WSUSSimulator
import WSUSWire

/// The adapter against the simulator, over real HTTP with NTLMv2 (libcurl on one side, the simulator's
/// acceptor on the other).
@Suite("WSUS client ↔ simulator")
struct WSUSClientTests {
    @Test("logs in with NTLM and reads version and role")
    func login() async throws {
        let simulator = try await SimulatorFixture.start()
        let client = try SimulatorFixture.client(simulator)
        #expect(try await client.serverVersion() == "10.0.26100.1742")
        #expect(try await client.currentUserRole() == 1)
        await simulator.stop()
    }

    @Test("reads the real December 2023 catalog with every joined field")
    func catalog() async throws {
        let simulator = try await SimulatorFixture.start()
        let client = try SimulatorFixture.client(simulator)
        let version = try await client.serverVersion()
        let updates = try await client.searchUpdates(serverVersion: version)
        #expect(updates.count == simulator.state.snapshot().updates.count)
        #expect(try await client.updateCount() == updates.count)
        let server2022 = try #require(updates.first { $0.kbNumbers == ["5033118"] })
        #expect(server2022.title == "2023-12 Security Update for Windows Server 2022 (KB5033118)")
        #expect(server2022.msrcSeverity == "Critical")
        #expect(server2022.classification == "Security Updates")
        #expect(server2022.products.contains("Windows Server 2022"))
        #expect(server2022.creationDate == ISO8601DateFormatter().date(from: "2023-12-12T08:00:00Z"))
        #expect(server2022.rebootBehavior == 1)
        #expect(server2022.infoURLs == ["https://support.microsoft.com/help/5033118"])
        let chain = try #require(updates.first { $0.kbNumbers == ["5033371"] })
        #expect(chain.hasSupersededUpdates)
        let superseded = try await client.updatesSuperseded(by: chain.updateID, revision: chain.revisionNumber, serverVersion: version)
        #expect(superseded.count == 1)
        #expect(updates.first { $0.updateID == superseded[0] }?.kbNumbers == ["5031361"])
        #expect(updates.first { $0.updateID == superseded[0] }?.isSuperseded == true)
        await simulator.stop()
    }

    @Test("reads approvals, groups, computers with membership, and install states")
    func computersAndStates() async throws {
        let simulator = try await SimulatorFixture.start()
        let client = try SimulatorFixture.client(simulator)
        let approvals = try await client.approvals()
        #expect(approvals.count == 2)
        #expect(approvals.allSatisfy { $0.action == .install })
        #expect(approvals.first { $0.deadline != nil }?.deadline == ISO8601DateFormatter().date(from: "2024-01-31T00:00:00Z"))
        #expect(approvals.filter { $0.deadline == nil }.count == 1, "year-9999 deadline means none")
        let groups = try await client.targetGroups()
        #expect(Set(groups.map(\.name)) == ["All Computers", "Unassigned Computers", "Production", "Web"], "Downstream Servers is not a computer group")
        let computers = try await client.computers()
        #expect(try await client.computerCount() == 3)
        let web = try #require(computers.first { $0.fullDomainName == "acme-web01.acme.example" })
        #expect(web.groupIDs == [groups.first { $0.name == "Web" }!.id])
        #expect(web.ipAddress == "192.0.2.11" && web.osDescription == "Windows Server 2022")
        let fresh = try #require(computers.first { $0.fullDomainName == "new01.acme.example" })
        #expect(fresh.lastSyncTime == nil, "the 1753 sentinel reads as never")
        #expect(fresh.groupIDs == [BuiltInGroup.unassignedComputers])
        let states = try await client.installationStates(computerID: web.id)
        let kb5033118 = simulator.state.snapshot().update(kb: "KB5033118")!.id
        #expect(states[kb5033118] == .installed)
        #expect(states.values.filter { $0 == .notInstalled }.count == states.count - 1)
        let changed = try await client.statesChangedPerComputer()
        #expect(Set(changed.keys) == Set(computers.filter { $0.lastReportedStatusTime != nil }.map(\.id)))
        await simulator.stop()
    }

    @Test("older servers are read through the older column map")
    func olderLayout() async throws {
        let simulator = try await SimulatorFixture.start(older: true)
        let client = try SimulatorFixture.client(simulator)
        let version = try await client.serverVersion()
        #expect(version.hasPrefix("10.0.17763"))
        let updates = try await client.searchUpdates(serverVersion: version)
        let update = try #require(updates.first { $0.kbNumbers == ["5033118"] })
        #expect(update.title.contains("KB5033118"))
        #expect(update.msrcSeverity == "Critical")
        #expect(update.creationDate == ISO8601DateFormatter().date(from: "2023-12-12T08:00:00Z"))
        await simulator.stop()
    }

    @Test("errors name the cause: bad password, no WSUS role, Reporter on a write, unknown computer")
    func errors() async throws {
        let simulator = try await SimulatorFixture.start()
        let wrong = try SimulatorFixture.client(simulator, user: (SimulatorFixture.admin.name, "not-the-password"))
        await #expect(throws: WSUSError.self) { _ = try await wrong.serverVersion() }
        do { _ = try await wrong.serverVersion() } catch let error as WSUSError {
            #expect(error.kind == .badCredentials)
            #expect(error.message.contains("HTTP 401"))
        }
        let outsider = try SimulatorFixture.client(simulator, user: SimulatorFixture.outsider)
        do { _ = try await outsider.serverVersion(); Issue.record("no error") } catch let error as WSUSError {
            #expect(error.kind == .forbidden)
            #expect(error.fix.contains("WSUS Administrators or WSUS Reporters"))
            #expect(error.fix.contains("https"), "over http a 403 may mean SSL is required")
        }
        let client = try SimulatorFixture.client(simulator)
        do { _ = try await client.installationStates(computerID: "00000000-0000-0000-0000-00000000abcd"); Issue.record("no error") } catch let error as WSUSError {
            #expect(error.kind == .fault)
            #expect(error.message.contains("WsusObjectNotFoundException"))
        }
        await simulator.stop()
    }

    @Test("injected faults surface as their own errors", arguments: [
        (Fault.Kind.http500, WSUSError.Kind.httpStatus), (.malformed, .malformedResponse), (.drop, .connectionDropped), (.timeout, .timeout),
    ])
    func faults(kind: Fault.Kind, expected: WSUSError.Kind) async throws {
        let simulator = try await SimulatorFixture.start()
        let client = try SimulatorFixture.client(simulator, timeout: 2)
        _ = try await client.serverVersion()
        simulator.control.inject(Fault(kind: kind, operation: "ExecuteSPSearchComputers", count: 1))
        do { _ = try await client.computers(); Issue.record("no error for \(kind)") } catch let error as WSUSError {
            #expect(error.kind == expected, "\(error)")
        }
        // The fault was used up: the next call works (on a new connection where the old one died).
        #expect(try await client.computers().count == 3)
        await simulator.stop()
    }

    @Test("latency delays but does not break a call; a closed port is unreachable")
    func latencyAndUnreachable() async throws {
        let simulator = try await SimulatorFixture.start()
        let client = try SimulatorFixture.client(simulator)
        simulator.control.inject(Fault(kind: .latency, operation: "GetServerVersion", latency: .milliseconds(300), count: 1))
        let start = Date()
        #expect(try await client.serverVersion() == "10.0.26100.1742")
        #expect(Date().timeIntervalSince(start) >= 0.3)
        let port = simulator.port
        await simulator.stop()
        let closed = try WSUSClient(settings: WSUSConnectionSettings(name: "gone", baseURL: URL(string: "http://127.0.0.1:\(port)")!,
                                                                    username: "u", password: "p", timeoutSeconds: 5))
        do { _ = try await closed.serverVersion(); Issue.record("no error") } catch let error as WSUSError {
            #expect(error.kind == .unreachable)
        }
    }
}

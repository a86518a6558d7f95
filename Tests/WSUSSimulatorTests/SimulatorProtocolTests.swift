import Foundation
import Testing
import WSUSSimulator
import WSUSWire

/// The simulator as a WSUS, driven by curl (NTLM, SOAP) and by its control API.
@Suite("WSUS simulator")
struct SimulatorProtocolTests {
    static let ns = "xmlns=\"\(WSUSNamespace.api)\""
    static let yaml = """
        server:
          users:
            - {name: 'CORP\\svc', password: 'Pass-Word-1', role: administrator}
            - {name: 'CORP\\rep', password: 'Pass-Word-2', role: reporter}
        groups:
          - {name: Production}
        computers:
          - {name: web01.corp.example, ip: 192.0.2.1, os: Windows Server 2022, groups: [Production], last_sync: 1h, last_report: 1h}
          - {name: old01.corp.example, ip: 192.0.2.2, os: Windows Server 2016, last_sync: 45d, last_report: 45d}
        approvals:
          - {update: KB5033118, group: Production}
        """

    func start(_ yaml: String = yaml, adjust: (inout Scenario) -> Void = { _ in }) async throws -> WSUSSimulator {
        var scenario = try Scenario.parse(yaml)
        adjust(&scenario)
        return try await WSUSSimulator.start(data: scenario.data, settings: scenario.settings)
    }

    @Test("serves the real WSDL with its addresses pointing at the simulator")
    func wsdl() async throws {
        let simulator = try await start()
        let result = try CurlCLI.run(["--ntlm", "-u", "CORP\\svc:Pass-Word-1", simulator.baseURL + WSUSNamespace.servicePath + "?WSDL"])
        #expect(result.output.contains("<wsdl:service name=\"ApiRemoting\">"))
        #expect(result.output.contains("location=\"http://127.0.0.1:\(simulator.port)/ApiRemoting30/WebService.asmx\""))
        #expect(!result.output.contains("2022dc"))
        await simulator.stop()
    }

    @Test("catalog responses are gzip-compressed when the client asks, and identical once decoded")
    func compression() async throws {
        let simulator = try await start()
        let envelope = "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"\(WSUSNamespace.soap11)\"><soap:Body><ExecuteSPSearchUpdates \(Self.ns)>"
            + "<updateScopeXml>&lt;UpdateScope ApprovedStates=\"-1\" /&gt;</updateScopeXml><preferredCulture>en</preferredCulture>"
            + "<publicationState>2147483647</publicationState></ExecuteSPSearchUpdates></soap:Body></soap:Envelope>"
        let url = simulator.baseURL + WSUSNamespace.servicePath
        func fetch(_ extra: [String]) throws -> (bytes: Int, body: String) {
            let result = try CurlCLI.run(["--ntlm", "-u", "CORP\\svc:Pass-Word-1", "--data-binary", envelope, "-w", "\n%{size_download}"] + extra + [url])
            let parts = result.output.components(separatedBy: "\n")
            return (Int(parts.last ?? "") ?? 0, parts.dropLast().joined(separator: "\n"))
        }
        let plain = try fetch([])
        let compressed = try fetch(["--compressed"])
        #expect(compressed.bytes * 5 < plain.bytes, "gzip shrinks the catalog: \(compressed.bytes) vs \(plain.bytes) bytes on the wire")
        #expect(compressed.body == plain.body)
        await simulator.stop()
    }

    @Test("NTLM authenticates the connection: two requests on one socket, one handshake")
    func perConnection() async throws {
        let simulator = try await start()
        let body = "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"\(WSUSNamespace.soap11)\"><soap:Body><GetServerVersion \(Self.ns)/></soap:Body></soap:Envelope>"
        let url = simulator.baseURL + WSUSNamespace.servicePath
        let result = try CurlCLI.run(["-v", "--ntlm", "-u", "CORP\\svc:Pass-Word-1", "--data-binary", body, url, "--data-binary", body, url])
        #expect(result.output.components(separatedBy: "10.0.26100.1742").count == 3, "both requests answered")
        #expect(result.verbose.components(separatedBy: "< HTTP/1.1 401").count == 2, "exactly one 401 challenge")
        #expect(result.verbose.contains("Re-using existing connection") || result.verbose.contains("Reusing existing"))
        await simulator.stop()
    }

    @Test("strict binding: a miscased parameter faults like a real server; unknown and unimplemented operations fault")
    func strictBinding() async throws {
        let simulator = try await start()
        let url = simulator.baseURL
        let miscased = try CurlCLI.soap(url, user: "CORP\\svc", password: "Pass-Word-1", operation: "ExecuteSPGetUpdateInstallationInfoForComputer",
                                        body: "<ExecuteSPGetUpdateInstallationInfoForComputer \(Self.ns)><ComputerId>x</ComputerId><publicationState>1</publicationState></ExecuteSPGetUpdateInstallationInfoForComputer>")
        #expect(miscased.code == 500)
        #expect(miscased.body.contains("System.ArgumentNullException"))
        #expect(miscased.body.contains("Parameter name: computerId"))
        let unknown = try CurlCLI.soap(url, user: "CORP\\svc", password: "Pass-Word-1", operation: "GetComputerTargets", body: "<GetComputerTargets \(Self.ns)/>")
        #expect(unknown.code == 500 && unknown.body.contains("not part of the ApiRemoting30 WSDL"))
        let unimplemented = try CurlCLI.soap(url, user: "CORP\\svc", password: "Pass-Word-1", operation: "ExecuteSPGetEmailNotificationConfiguration",
                                             body: "<ExecuteSPGetEmailNotificationConfiguration \(Self.ns)/>")
        #expect(unimplemented.code == 500 && unimplemented.body.contains("not implemented by the Patchbay WSUS simulator"))
        let missingInt = try CurlCLI.soap(url, user: "CORP\\svc", password: "Pass-Word-1", operation: "ExecuteSPSearchUpdates",
                                          body: "<ExecuteSPSearchUpdates \(Self.ns)><preferredCulture>en</preferredCulture></ExecuteSPSearchUpdates>")
        #expect(missingInt.code == 500 && missingInt.body.contains("Parameter name: publicationState"))
        await simulator.stop()
    }

    @Test("roles: a Reporter reads but may not clean up; SSL-required mode answers 403; demo mode accepts anyone")
    func roles() async throws {
        let simulator = try await start()
        let reporterRead = try CurlCLI.soap(simulator.baseURL, user: "CORP\\rep", password: "Pass-Word-2", operation: "GetCurrentUserRole", body: "<GetCurrentUserRole \(Self.ns)/>")
        #expect(reporterRead.code == 200 && reporterRead.body.contains("<GetCurrentUserRoleResult>2</GetCurrentUserRoleResult>"))
        let reporterWrite = try CurlCLI.soap(simulator.baseURL, user: "CORP\\rep", password: "Pass-Word-2", operation: "ExecuteSPCleanupObsoleteComputers",
                                             body: "<ExecuteSPCleanupObsoleteComputers \(Self.ns)/>")
        #expect(reporterWrite.code == 500 && reporterWrite.body.contains("UnauthorizedAccessException"))
        await simulator.stop()

        let ssl = try await start { $0.settings.sslRequired = true }
        #expect(try CurlCLI.soap(ssl.baseURL, user: "CORP\\svc", password: "Pass-Word-1", operation: "GetServerVersion", body: "<GetServerVersion \(Self.ns)/>").code == 403)
        await ssl.stop()

        let open = try await start { $0.settings.acceptAnyCredentials = true }
        #expect(try CurlCLI.soap(open.baseURL, user: "ANY\\one", password: "whatever", operation: "GetServerVersion", body: "<GetServerVersion \(Self.ns)/>").code == 200)
        await open.stop()
    }

    @Test("the control API approves, declines, moves computers, sets states, injects faults and cleans up for real")
    func controlAPI() async throws {
        let simulator = try await start()
        let control = simulator.baseURL + "/control"
        #expect(try CurlCLI.json(control + "/approve", body: #"{"update": "KB5033371", "group": "Production"}"#).code == 200)
        #expect(simulator.state.snapshot().approvals.count == 2)
        #expect(try CurlCLI.json(control + "/approve", body: #"{"update": "KB0000000"}"#).body.contains("no update"))
        #expect(try CurlCLI.json(control + "/computers/add", body: #"{"name": "new.corp.example", "ip": "192.0.2.9", "os": "Windows Server 2022"}"#).code == 200)
        #expect(try CurlCLI.json(control + "/computers/move", body: #"{"name": "new.corp.example", "groups": ["Production"]}"#).code == 200)
        #expect(try CurlCLI.json(control + "/install-state", body: #"{"computer": "web01.corp.example", "update": "KB5033118", "state": "pending-reboot"}"#).code == 200)
        let data = simulator.state.snapshot()
        let web = data.computer(named: "web01.corp.example")!
        #expect(data.states[web.id]?[data.update(kb: "KB5033118")!.id] == .installedPendingReboot)
        #expect(data.computer(named: "new.corp.example")?.groupIDs == [data.group(named: "Production")!.id])
        #expect(try CurlCLI.json(control + "/faults", body: #"{"kind": "http500", "operation": "GetServerVersion", "count": 1}"#).code == 200)
        #expect(try CurlCLI.soap(simulator.baseURL, user: "CORP\\svc", password: "Pass-Word-1", operation: "GetServerVersion", body: "<GetServerVersion \(Self.ns)/>").code == 500)
        #expect(try CurlCLI.soap(simulator.baseURL, user: "CORP\\svc", password: "Pass-Word-1", operation: "GetServerVersion", body: "<GetServerVersion \(Self.ns)/>").code == 200)
        // KB5033371 (approved) supersedes KB5031361: cleanup declines and deletes the old one; old01 is 45 days silent.
        let before = simulator.state.snapshot().updates.count
        let cleanup = try CurlCLI.json(control + "/cleanup")
        #expect(cleanup.body.contains("\"computers\":1"))
        let after = simulator.state.snapshot()
        #expect(after.update(kb: "KB5031361") == nil, "superseded by an approved update: deleted without a tombstone")
        #expect(after.updates.count < before)
        #expect(after.computer(named: "old01.corp.example") == nil)
        await simulator.stop()
    }

    @Test("scenario errors name the entry; the generator is deterministic")
    func scenarios() throws {
        #expect(throws: Scenario.LoadError.self) { try Scenario.parse("computers:\n  - {name: a.example, groups: [Nope]}\n") }
        do { _ = try Scenario.parse("approvals:\n  - {update: KB1, group: Production}\n") } catch {
            #expect("\(error)".contains("approvals[0]: no update 'KB1'"))
        }
        #expect(throws: Scenario.LoadError.self) { try Scenario.parse("colors: []\n") }
        let a = try Scenario.parse("catalog: {seed: none}\ngenerate: {updates: 400, computers: 50, seed: 7}\n")
        let b = try Scenario.parse("catalog: {seed: none}\ngenerate: {updates: 400, computers: 50, seed: 7}\n")
        #expect(a.data.updates.count == 400 && a.data.computers.count == 50)
        #expect(a.data.updates.map(\.id) == b.data.updates.map(\.id))
        #expect(a.data.states == b.data.states)
        let perComputer = a.data.states.values.map(\.count)
        #expect(perComputer.allSatisfy { $0 > 0 && $0 < 400 }, "each computer needs some updates, not all")
    }
}

@Suite("WSUS simulator: the rest of the operation set")
struct SimulatorOperationSetTests {
    static let ns = "xmlns=\"\(WSUSNamespace.api)\""

    func call(_ simulator: WSUSSimulator, _ operation: String, _ body: String = "") throws -> SOAPResponse {
        let result = try CurlCLI.soap(simulator.baseURL, user: "CORP\\svc", password: "Pass-Word-1", operation: operation,
                                      body: "<\(operation) \(Self.ns)>\(body)</\(operation)>")
        return try SOAPResponseReader.read(data: Data(result.body.utf8))
    }

    @Test("lookups by id, per-update views, summaries, configuration and sync events answer like WSUS")
    func operations() async throws {
        let scenario = try Scenario.parse(SimulatorProtocolTests.yaml)
        let simulator = try await WSUSSimulator.start(data: scenario.data, settings: scenario.settings)
        let data = simulator.state.snapshot()
        let update = data.update(kb: "KB5033118")!
        let web = data.computer(named: "web01.corp.example")!
        let id = "<id><UpdateId>\(update.id)</UpdateId><RevisionNumber>\(update.revisionNumber)</RevisionNumber></id>"

        let deployments = try call(simulator, "ExecuteSPGetDeploymentsByUpdate1", id)
        #expect(deployments.rows().count == 1)
        #expect(deployments.rows().first?[Columns.Deployment.targetGroupID].guid == data.group(named: "Production")!.id)
        let superseding = try call(simulator, "ExecuteSPGetUpdatesThatSupersedeUpdate",
                                   "<preferredCulture>en</preferredCulture><id><UpdateId>\(data.update(kb: "KB5032198")!.id)</UpdateId><RevisionNumber>200</RevisionNumber></id>")
        #expect(superseding.rows("kbArticles").map { $0[1].string } == ["5033118"])
        let byUpdate = try call(simulator, "ExecuteSPGetUpdateInstallationInfoForUpdate",
                                "<updateId>\(update.id)</updateId><computerTargetScopeXml>&lt;ComputerTargetScope /&gt;</computerTargetScopeXml>")
        #expect(byUpdate.rows().map { $0[Columns.InstallationInfo.computerID].guid } == [web.id])
        let perUpdate = try call(simulator, "ExecuteSPGetSummariesPerUpdate",
                                 "<updateScopeXml>&lt;UpdateScope ApprovedStates=\"1\" /&gt;</updateScopeXml><computerTargetScopeXml>&lt;ComputerTargetScope /&gt;</computerTargetScopeXml><preferredCulture>en</preferredCulture><publicationState>2147483647</publicationState>")
        #expect(perUpdate.rows().first?[Columns.Summary.updateID].guid == update.id)
        #expect(perUpdate.rows().first?[Columns.Summary.count].int == 1)
        let groups = try call(simulator, "ExecuteSPGetTargetGroupsForComputer", "<computerId>\(web.id)</computerId>")
        #expect(Set(groups.rows().compactMap { $0[Columns.TargetGroup.name].string }) == ["All Computers", "Production"])
        let inGroup = try call(simulator, "ExecuteSPGetComputersInTargetGroup", "<targetGroupId>\(BuiltInGroup.allComputers)</targetGroupId><includeSubgroups>true</includeSubgroups>")
        #expect(inGroup.rows("0").count == 2)
        let configuration = try CurlCLI.soap(simulator.baseURL, user: "CORP\\svc", password: "Pass-Word-1", operation: "ExecuteSPGetConfiguration",
                                             body: "<ExecuteSPGetConfiguration \(Self.ns)/>")
        #expect(configuration.body.contains("<computerDeletionTimeThreshold>30</computerDeletionTimeThreshold>"))
        let events = try CurlCLI.soap(simulator.baseURL, user: "CORP\\svc", password: "Pass-Word-1", operation: "ExecuteSPSearchEventHistory",
                                      body: "<ExecuteSPSearchEventHistory \(Self.ns)><eventHistoryFilter /></ExecuteSPSearchEventHistory>")
        #expect(events.body.contains("<EventId>384</EventId>") && events.body.contains("<NamespaceId>2</NamespaceId>"))
        let stale = try call(simulator, "ExecuteSPGetComputersNotContactedSinceCount", "<fromDate>\(WireDate.format(Date().addingTimeInterval(-30 * 86_400)))</fromDate>")
        #expect(stale.scalar == "1", "old01 has been silent for 45 days")
        #expect(try call(simulator, "ExecuteSPCountUpdatesToCompress").scalar == "0")
        await simulator.stop()
    }
}

/// The simulated fleet that Patchbay's simulated agent drives (issue 4): installs, reboots, failures with
/// real HRESULTs, undelivered updates, unreachable servers, and an exact install count.
@Suite("WSUS simulator: simulated fleet")
struct SimulatorFleetTests {
    func install(_ simulator: WSUSSimulator, _ body: String) throws -> (code: Int, json: [String: Any]) {
        let result = try CurlCLI.json(simulator.baseURL + "/control/fleet/install", body: body)
        return (result.code, (try? JSONSerialization.jsonObject(with: Data(result.body.utf8))) as? [String: Any] ?? [:])
    }

    func outcome(_ json: [String: Any], _ kb: String) -> String? {
        (json["updates"] as? [[String: Any]])?.first { $0["kb"] as? String == kb }?["result"] as? String
    }

    @Test("an install reports its states to WSUS, honours reboot behaviour and is counted exactly once")
    func install() async throws {
        let scenario = try Scenario.parse(SimulatorProtocolTests.yaml)
        let simulator = try await WSUSSimulator.start(data: scenario.data, settings: scenario.settings)
        let control = simulator.baseURL + "/control/fleet"
        #expect(try CurlCLI.json(control + "/configure", body: #"{"computer": "web01.corp.example", "install_ms": 300, "fail": {"KB5033383": "0x80070643"}}"#).code == 200)
        let start = Date()
        let first = try install(simulator, #"{"computer": "web01.corp.example", "updates": ["KB5033118", "KB5033383", "KB5033371"]}"#)
        #expect(Date().timeIntervalSince(start) >= 0.3, "the configured install duration")
        #expect(first.code == 200)
        #expect(outcome(first.json, "KB5033118") == "pending-reboot", "KB5033118 needs a restart")
        #expect(outcome(first.json, "KB5033383") == "failed")
        #expect((first.json["updates"] as? [[String: Any]])?.first { $0["kb"] as? String == "KB5033383" }?["hresult"] as? String == "0x80070643")
        #expect(outcome(first.json, "KB5033371") == "not-applicable", "a Windows Server 2019 update on 2022")
        let data = simulator.state.snapshot()
        let web = data.computer(named: "web01.corp.example")!
        #expect(data.states[web.id]?[data.update(kb: "KB5033118")!.id] == .installedPendingReboot)
        #expect(data.states[web.id]?[data.update(kb: "KB5033383")!.id] == .failed)
        let again = try install(simulator, #"{"computer": "web01.corp.example", "updates": ["KB5033118"], "reboot": true}"#)
        #expect(outcome(again.json, "KB5033118") == "installed" && again.json["rebooted"] as? Bool == true)
        let counts = try CurlCLI.json(simulator.baseURL + "/control/fleet/installs", method: "GET", body: "")
        #expect(counts.body == #"{"web01.corp.example":{"KB5033118":1}}"#, "installed once, then only restarted")
        await simulator.stop()
    }

    @Test("undelivered updates and unreachable servers get their own answers")
    func refusals() async throws {
        let scenario = try Scenario.parse(SimulatorProtocolTests.yaml)
        let simulator = try await WSUSSimulator.start(data: scenario.data, settings: scenario.settings)
        let control = simulator.baseURL + "/control/fleet"
        #expect(try CurlCLI.json(control + "/configure", body: #"{"computer": "web01.corp.example", "undelivered": ["KB5033118"]}"#).code == 200)
        let undelivered = try install(simulator, #"{"computer": "web01.corp.example", "updates": ["KB5033118"]}"#)
        #expect(outcome(undelivered.json, "KB5033118") == "not-delivered")
        #expect(try CurlCLI.json(control + "/configure", body: #"{"computer": "old01.corp.example", "reachable": false}"#).code == 200)
        let unreachable = try install(simulator, #"{"computer": "old01.corp.example", "updates": ["KB5033373"]}"#)
        #expect(unreachable.code == 503)
        #expect((unreachable.json["error"] as? String)?.contains("unreachable") == true)
        #expect(try CurlCLI.json(control + "/configure", body: #"{"computer": "web01.corp.example", "fail": {"KB5033118": "bad"}}"#).code == 400)
        await simulator.stop()
    }
}

import Foundation
import PatchbayCore
import Services
import Testing
import WSUS
import WSUSSimulator
import WSUSWire

@Suite("Discovery against the simulator")
struct DiscoveryTests {
    @Test("a full discovery brings patches, approvals, computers and states, and links registered servers")
    func full() async throws {
        let fixture = try await DiscoveryFixture()
        let report = try #require(try await fixture.discover().first)
        #expect(report.run.succeeded)
        #expect(report.changes?.newPatches.count == fixture.simulator.state.snapshot().updates.count)
        #expect(report.changes?.newApprovals.count == 2)
        #expect(report.changes?.newComputers.count == 4)
        #expect(report.mappedServers == 3, "by WSUS name, by host name and by IP; ACME-NEW01 is not in WSUS")
        let rows = try await fixture.rows(PatchInfoFilter(server: "ACME-WEB01"))
        let kb5033118 = try #require(rows.first { $0.kb == "KB5033118" })
        #expect(kb5033118.state == .installed)
        #expect(kb5033118.approval == .approved, "approved for Production, inherited by its subgroup Web")
        #expect(kb5033118.policy == .required && kb5033118.severity == "Critical")
        #expect(rows.filter { $0.state == .notInstalled }.count == rows.count - 1)
        let glx = try await fixture.rows(PatchInfoFilter(server: "GLX-WEB01", patch: "KB5033118"))
        #expect(glx.first?.approval == .notApproved, "Staging has no approval")
        await fixture.stop()
    }

    @Test("a server WSUS has not reported on is 'not reported yet', never compliant, until it reports")
    func notReportedYet() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        let rows = try await fixture.rows(PatchInfoFilter(server: "ACME-NEW01"))
        #expect(rows.map(\.state) == [InstallState.notReportedYet])
        let summary = try await PatchQueryService(context: fixture.context()).summaries(PatchInfoFilter(tenant: "acme"))
        #expect(summary.servers.first { $0.server == "ACME-NEW01" }?.reported == false)
        #expect(summary.tenants.first?.notReported == 1)
        #expect(summary.tenants.first?.complianceRate.map { $0 < 1 } == true)
        try fixture.simulator.control.addComputer(name: "acme-new01.acme.example", ip: "192.0.2.15", os: "Windows Server 2022", groups: ["Production"])
        try await fixture.discover()
        let after = try await fixture.rows(PatchInfoFilter(server: "ACME-NEW01"))
        #expect(!after.contains { $0.state == InstallState.notReportedYet })
        #expect(after.contains { $0.kb == "KB5033118" && $0.approval == .approved && $0.state == .notInstalled })
        await fixture.stop()
    }

    @Test("re-discovery is incremental: nothing changed means nothing written; a state change fetches one computer")
    func incremental() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        let before = try fixture.fingerprint()
        let quiet = try #require(try await fixture.discover().first)
        #expect(quiet.run.added == 0 && quiet.run.changed == 0 && quiet.run.removed == 0)
        #expect(quiet.run.details.contains("states fetched for 0"))
        #expect(try fixture.fingerprint() == before, "no row rewritten")
        try fixture.simulator.control.setInstallState(computer: "acme-db01.acme.example", update: "KB5033371", state: .installedPendingReboot)
        let moved = try #require(try await fixture.discover().first)
        #expect(moved.run.details.contains("states fetched for 1"))
        #expect(moved.changes?.changedStateCount == 1)
        #expect(try await fixture.rows(PatchInfoFilter(server: "ACME-DB01", patch: "KB5033371")).first?.state == .pendingReboot)
        await fixture.stop()
    }

    @Test("an incremental discovery stores exactly what a full one of the same WSUS stores")
    func incrementalEqualsFull() async throws {
        let generated = """
            server:
              users:
                - {name: 'CORP\\svc-patchbay', password: 'Wsus-Secret-1', role: administrator}
            catalog: {seed: none}
            generate: {updates: 300, computers: 60, seed: 7}
            computers:
              - {name: acme-web01.acme.example, ip: 192.0.2.11, os: Windows Server 2022, last_sync: 2h, last_report: 3h}
            """
        let fixture = try await DiscoveryFixture(scenario: generated)
        try await fixture.discover()
        let data = fixture.simulator.state.snapshot()
        let computers = data.computers.filter { !(data.states[$0.id] ?? [:]).isEmpty }
        #expect(computers.count > 20)
        // Some computers change a state, one leaves, one arrives, one moves; updates get approved.
        for computer in computers.prefix(6) {
            let (update, state) = try #require(data.states[computer.id]?.min { $0.key < $1.key })
            try fixture.simulator.control.setInstallState(computer: computer.fullDomainName, update: update,
                                                          state: state == .installed ? .failed : .installed)
        }
        try fixture.simulator.control.removeComputer(name: computers[7].fullDomainName)
        try fixture.simulator.control.addComputer(name: "acme-new01.acme.example", ip: "192.0.2.15", os: "Windows Server 2022", groups: [])
        try fixture.simulator.control.approve(update: data.updates[0].id, group: "All Computers")
        try fixture.simulator.control.approve(update: data.updates[1].id, group: "All Computers")
        let incremental = try #require(try await fixture.discover().first)
        #expect(incremental.run.details.contains("states fetched for 7"), "the six changed computers and the new one")

        let fresh = try await DiscoveryFixture(sharing: fixture)
        try await fresh.discover()
        let full = try fresh.domainDump()
        #expect(full.count > 1_000)
        let kept = try fixture.domainDump()
        #expect(kept == full)
        #expect(kept.filter { !full.contains($0) } == [], "rows only the incremental CMDB has")
        #expect(full.filter { !kept.contains($0) } == [], "rows only the fresh CMDB has")
        await fresh.store.close()
        await fixture.stop()
    }

    @Test("a new approval is detected and recorded for the notification step; a removed one disappears")
    func approvalChange() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        try fixture.simulator.control.approve(update: "KB5033118", group: "Staging")
        try fixture.simulator.control.approve(update: "KB5033371", group: "Production", action: .notApproved)
        let report = try #require(try await fixture.discover().first)
        #expect(report.changes?.newApprovals.map(\.patch.updateID) == [fixture.simulator.state.snapshot().update(kb: "KB5033118")!.id])
        #expect(report.changes?.removedApprovals.count == 1)
        #expect(try await fixture.rows(PatchInfoFilter(server: "GLX-WEB01", patch: "KB5033118")).first?.approval == .approved)
        #expect(try await fixture.rows(PatchInfoFilter(server: "ACME-DB01", patch: "KB5033371")).first?.approval == .notApproved)
        await fixture.stop()
    }

    @Test("computers moved, removed and added are reconciled with history kept")
    func computerChanges() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        try fixture.simulator.control.moveComputer(name: "glx-web01.globex.example", toGroups: ["Production"])
        try fixture.simulator.control.removeComputer(name: "unknown01.corp.example")
        let report = try #require(try await fixture.discover().first)
        #expect(report.changes?.movedComputers.count == 1)
        #expect(report.changes?.removedComputers.count == 1)
        #expect(try await fixture.rows(PatchInfoFilter(server: "GLX-WEB01", patch: "KB5033118")).first?.approval == .approved)
        let history = try fixture.fingerprint()
        #expect(history.contains("'moved'") && history.contains("'removed'") && history.contains("'added'"))
        await fixture.stop()
    }

    @Test("a computer moving from one WSUS server to another is followed, and the server mapping follows it")
    func moveBetweenWSUSServers() async throws {
        let fixture = try await DiscoveryFixture()
        let empty = try Scenario.parse("server:\n  users: [{name: 'CORP\\svc-patchbay', password: 'Wsus-Secret-1', role: administrator}]\n")
        let second = try await WSUSSimulator.start(data: empty.data, settings: empty.settings)
        let sources = { [try fixture.source(name: "wsus01"), try fixture.source(name: "wsus02", simulator: second)] }
        try await fixture.discover(sources: try sources())
        try fixture.simulator.control.removeComputer(name: "glx-web01.globex.example")
        try second.control.addComputer(name: "glx-web01.globex.example", ip: "198.51.100.21", os: "Windows Server 2022")
        let reports = try await fixture.discover(sources: try sources())
        #expect(reports.map(\.run.succeeded) == [true, true])
        let rows = try await fixture.rows(PatchInfoFilter(server: "GLX-WEB01"))
        #expect(rows.allSatisfy { $0.wsusServer == "wsus02" })
        #expect(!rows.contains { $0.state == InstallState.notReportedYet })
        await second.stop()
        await fixture.stop()
    }

    @Test("WSUS cleanup deletes updates silently; discovery marks them missing, --cleanup retires them")
    func cleanup() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        let kb5031361 = fixture.simulator.state.snapshot().update(kb: "KB5031361")!.id
        #expect(try await fixture.rows(PatchInfoFilter(patch: "KB5031361")).isEmpty == false)
        let wizard = fixture.simulator.control.cleanup()
        #expect(wizard.deleted >= 1)
        let missed = try #require(try await fixture.discover().first)
        #expect(missed.changes?.vanishedPatches.contains { $0.updateID == kb5031361 } == true)
        let retired = try #require(try await fixture.discover(cleanup: true).first)
        #expect(retired.changes?.retiredPatches.contains { $0.updateID == kb5031361 } == true)
        #expect(try await fixture.rows(PatchInfoFilter(patch: "KB5031361")).isEmpty, "retired patches are gone from patch info")
        #expect(try fixture.fingerprint().contains("'\(kb5031361)'"), "the retired row is kept, marked retired")
        await fixture.stop()
    }

    // A `mutate` fault is not always fatal (DiscoveryFuzzTests checks both outcomes).
    @Test("every injected fault leaves the CMDB exactly as before and records the failed run", arguments: Fault.Kind.allCases.filter { $0 != .latency && $0 != .mutate })
    func faults(kind: Fault.Kind) async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        try fixture.simulator.control.approve(update: "KB5033118", group: "Staging")
        try fixture.simulator.control.setInstallState(computer: "acme-web01.acme.example", update: "KB5033383", state: .failed)
        let before = try fixture.fingerprint()
        // The fault hits the last read of the run, after most of the new data was read.
        fixture.simulator.control.inject(Fault(kind: kind, operation: "ExecuteSPGetUpdateInstallationInfoForComputer", count: 1))
        let service = DiscoveryService(context: fixture.context(), sources: [try fixture.source(timeout: 2)])
        await #expect(throws: DiscoveryFailure.self) { _ = try await service.run(cleanup: false, holder: "test") }
        #expect(try fixture.fingerprint() == before, "\(kind): CMDB unchanged")
        let runs = try await fixture.store.read { try await $0.discovery.runs(limit: 1) }
        #expect(runs.first?.succeeded == false)
        #expect(runs.first?.error?.isEmpty == false)
        let audit = try await fixture.store.read { try await $0.audit.list(AuditFilter(limit: 1)) }
        #expect(audit.first?.operation == "update-info" && audit.first?.outcome == .failure)
        // The next clean run picks everything up.
        try await fixture.discover()
        #expect(try await fixture.rows(PatchInfoFilter(server: "ACME-WEB01", patch: "KB5033383")).first?.state == .failed)
        await fixture.stop()
    }

    @Test("bad credentials fail with the cause and change nothing")
    func badCredentials() async throws {
        let fixture = try await DiscoveryFixture()
        do {
            _ = try await DiscoveryService(context: fixture.context(), sources: [try fixture.source(password: "wrong")]).run(cleanup: false, holder: "t")
            Issue.record("no failure")
        } catch let failure as DiscoveryFailure {
            #expect(failure.error.message.contains("HTTP 401"))
        }
        #expect(try await fixture.rows().allSatisfy { $0.state == InstallState.notReportedYet })
        await fixture.stop()
    }

    @Test("a second discovery of a WSUS server while one runs is refused with 101, naming the first; another WSUS server's run is not held up")
    func lock() async throws {
        let fixture = try await DiscoveryFixture()
        let held = try await fixture.store.exclusiveLock(DiscoveryService.lockName(wsus: "wsus01"),
                                                         holder: "pid 4242 on test, started now: patchbay update-info --repository")
        do {
            _ = try await fixture.discover()
            Issue.record("no refusal")
        } catch let error as PatchbayError {
            #expect(error.status == .conflict)
            #expect(error.message == "discovery of wsus01 is already running: pid 4242 on test, started now: patchbay update-info --repository")
        }
        do {
            _ = try await fixture.discover(sources: [try fixture.source(name: "wsus02"), try fixture.source()])
            Issue.record("a run that includes the held server was not refused")
        } catch let error as PatchbayError {
            #expect(error.status == .conflict)
        }
        #expect(try await fixture.discover(sources: [try fixture.source(name: "wsus02")]).first?.run.succeeded == true,
                "the lock is per WSUS server")
        held.release()
        #expect(try await fixture.discover().first?.run.succeeded == true)
        await fixture.stop()
    }

    @Test("the approved-only summary (the console's status view) counts approved patches only and still lists servers with none approved")
    func approvedOnlySummary() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        let rows = try await fixture.rows()
        let service = PatchQueryService(context: fixture.context())
        let all = try await service.summaries(PatchInfoFilter())
        let approved = try await service.summaries(PatchInfoFilter(), approvedOnly: true)
        for server in ["ACME-WEB01", "GLX-WEB01"] {
            let expected = rows.filter { $0.server == server && $0.approval == .approved && $0.state.isNeeded }.count
            #expect(approved.servers.first { $0.server == server }?.needed == expected, "\(server)")
        }
        let glx = try #require(approved.servers.first { $0.server == "GLX-WEB01" }, "listed though nothing is approved for it")
        #expect(glx.needed == 0 && glx.installed == 0 && glx.reported)
        #expect((all.servers.first { $0.server == "GLX-WEB01" }?.needed ?? 0) > 0, "the full summary counts unapproved needed patches")
        #expect(approved.servers.map(\.server) == all.servers.map(\.server))
        await fixture.stop()
    }

    @Test("patch info is scoped by role: a tenant user sees only its own servers")
    func scoping() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        let user = try await fixture.store.read { try await $0.users.withID("globex-user") }!
        let rows = try await fixture.rows(as: .user(user.identity))
        #expect(Set(rows.map(\.server)) == ["GLX-WEB01"])
        let admin = try await fixture.rows()
        #expect(Set(admin.map(\.server)) == ["ACME-WEB01", "ACME-DB01", "ACME-NEW01", "GLX-WEB01"])
        await fixture.stop()
    }
}

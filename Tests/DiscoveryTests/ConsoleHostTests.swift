import Console
import ConsoleHost
import Foundation
import PatchbayCore
import Services
import Synchronization
import Testing

/// The console's host on a discovered CMDB (real SQLite file, real simulator): the effects a screen asks for,
/// carried out through the services as the logged-in user, and the rows the screens get back.
@Suite("Console host")
struct ConsoleHostTests {
    static func session(_ fixture: DiscoveryFixture, scripts: String? = nil) -> ConsoleSession {
        ConsoleSession(store: fixture.store, templates: .builtIn, lockoutAttempts: 5, lockoutMinutes: 15, scriptsFolder: scripts)
    }

    static func handle(_ session: ConsoleSession, _ effect: ConsoleApp.Effect) async -> (ConsoleApp.Event?, [ConsoleApp.Event]) {
        let progress = Mutex<[ConsoleApp.Event]>([])
        let event = await session.handle(effect) { event in progress.withLock { $0.append(event) } }
        return (event, progress.withLock { $0 })
    }

    @Test("a refused login says nothing more; an accepted one brings the user's approved patches, their needed counts and servers")
    func login() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        let session = Self.session(fixture)
        #expect(await Self.handle(session, .login(userID: "acme-user", password: "wrong")).0 == .loginRefused)
        let (event, progress) = await Self.handle(session, .login(userID: "acme-user", password: "long enough secret"))
        #expect(progress == [.loginAccepted])
        guard case .loggedIn(let user, _, let data)? = event else { Issue.record("not logged in: \(String(describing: event))"); return }
        #expect(user == "acme-user")
        let rows = try await fixture.rows(as: try await fixture.identity("acme-user"))
        let approved = Set(rows.filter { $0.approval == .approved && !$0.kb.isEmpty }.map(\.updateID))
        #expect(Set(data.patches.map(\.updateID)) == approved, "the approved patches in the user's scope")
        for patch in data.patches {
            let needed = rows.filter { $0.updateID == patch.updateID && $0.approval == .approved && $0.state.isNeeded }.count
            #expect(patch.needed == needed, "\(patch.kb)")
        }
        #expect(Set(data.servers.map(\.name)) == Set(rows.map(\.server)) && !data.servers.map(\.name).contains { $0.hasPrefix("GLX-") })
        await fixture.stop()
    }

    @Test("the wizard's request becomes the user's console job; a refusal comes back with its kind and reason")
    func apply() async throws {
        let fixture = try await DiscoveryFixture()
        try await fixture.discover()
        let session = Self.session(fixture)
        _ = await Self.handle(session, .login(userID: "acme-user", password: "long enough secret"))
        let request = ApplyWizard.Request(servers: ["ACME-DB01"], updateIDs: [try #require(try await fixture.rows(PatchInfoFilter(patch: "KB5033371")).first?.updateID)],
                                          at: Date().addingTimeInterval(3600), reboot: false)
        guard case .jobCreated(let id)? = await Self.handle(session, .apply(request)).0 else { Issue.record("no job"); return }
        let job = try #require(try await fixture.store.read { try await $0.jobs.job(id: id) })
        #expect(job.ownerID == "acme-user" && job.chains.map(\.serverName) == ["ACME-DB01"])
        let audit = try await fixture.store.read { try await $0.audit.list(AuditFilter()) }.last { $0.operation == "patch apply" }
        #expect(audit?.parameters.contains(AuditParameter("via", "console")) == true)

        var foreign = request
        foreign.servers = ["GLX-WEB01"]
        guard case .applyRefused(let refusal)? = await Self.handle(session, .apply(foreign)).0 else { Issue.record("accepted"); return }
        #expect(refusal.status == .notPermitted && refusal.message.contains("GLX-WEB01"), "\(refusal.message)")
        #expect(refusal.remedy != nil, "a console refusal carries its fix")

        var late = request
        late.at = Date().addingTimeInterval(-3600)
        guard case .applyRefused(let past)? = await Self.handle(session, .apply(late)).0 else { Issue.record("accepted"); return }
        #expect(past.status == .badArguments && past.remedy == .laterStartOrNow, "the fix is a value, worded by the console")
        #expect(ConsoleStrings(.ja).refusal(past).contains("← で手順4に戻り"))
        await fixture.stop()
    }
}

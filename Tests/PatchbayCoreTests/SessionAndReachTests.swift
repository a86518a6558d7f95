import Foundation
import PatchbayCore
import Testing

/// The rules that keep long-lived sessions and jobs inside the rights their user and owner have now.
@Suite("Sessions and jobs follow the CMDB")
struct SessionAndReachTests {
    static let acme: Int64 = 1
    static let globex: Int64 = 2
    static let at = Date(timeIntervalSince1970: 1_800_000_000)

    static func user(_ id: String, _ role: Role, _ tenant: Int64?, locked: Bool = false) -> User {
        User(id: id, role: role, tenantID: tenant, email: "", language: .en, passwordHash: "", locked: locked, createdAt: at, updatedAt: at)
    }

    @Test("a session ends when its user is locked, deleted, or given another role or tenant; not for other changes")
    func sessionEnds() {
        let identity = Self.user("u", .tenantAdmin, Self.acme).identity
        #expect(SessionEnd.change(from: identity, to: Self.user("u", .tenantAdmin, Self.acme)) == nil)
        var renamedMail = Self.user("u", .tenantAdmin, Self.acme)
        renamedMail.email = "new@example.com"
        renamedMail.language = .ja
        #expect(SessionEnd.change(from: identity, to: renamedMail) == nil)
        #expect(SessionEnd.change(from: identity, to: Self.user("u", .tenantAdmin, Self.acme, locked: true)) == .locked)
        #expect(SessionEnd.change(from: identity, to: nil) == .deleted)
        #expect(SessionEnd.change(from: identity, to: Self.user("u", .tenantUser, Self.acme)) == .roleChanged(from: .tenantAdmin, to: .tenantUser))
        #expect(SessionEnd.change(from: identity, to: Self.user("u", .tenantAdmin, Self.globex)) == .tenantChanged)
    }

    @Test("a tenant job loses a server that moved to another tenant, or that its tenant-user owner no longer owns")
    func tenantJobs() {
        let job = JobScope(tenantID: Self.acme, ownerID: "acme-user")
        let owner = Self.user("acme-user", .tenantUser, Self.acme)
        #expect(ScopeLoss.of(job: job, owner: owner, server: ServerScope(tenantID: Self.acme, owners: ["acme-user"]), tenantName: "acme") == nil)
        #expect(ScopeLoss.of(job: job, owner: owner, server: ServerScope(tenantID: Self.globex, owners: ["acme-user"]), tenantName: "globex")
            == .serverMoved(toTenant: "globex"))
        #expect(ScopeLoss.of(job: job, owner: owner, server: ServerScope(tenantID: Self.acme, owners: ["someone"]), tenantName: "acme")
            == .ownerNotServerOwner(owner: "acme-user"))
        #expect(ScopeLoss.of(job: job, owner: nil, server: ServerScope(tenantID: Self.acme, owners: ["acme-user"]), tenantName: "acme")
            == .ownerDeleted(owner: "acme-user"))
        let locked = Self.user("acme-user", .tenantUser, Self.acme, locked: true)
        #expect(ScopeLoss.of(job: job, owner: locked, server: ServerScope(tenantID: Self.acme, owners: ["acme-user"]), tenantName: "acme")
            == .ownerLocked(owner: "acme-user"))
        #expect(ScopeLoss.serverMoved(toTenant: "globex").reason == "server moved to tenant globex")
    }

    @Test("a tenant admin's job keeps servers of its tenant whoever owns them; infrastructure and dual-role jobs follow no tenant")
    func otherRoles() {
        let admin = Self.user("acme-admin", .tenantAdmin, Self.acme)
        let adminJob = JobScope(tenantID: Self.acme, ownerID: "acme-admin")
        #expect(ScopeLoss.of(job: adminJob, owner: admin, server: ServerScope(tenantID: Self.acme, owners: []), tenantName: "acme") == nil)
        #expect(ScopeLoss.of(job: adminJob, owner: admin, server: ServerScope(tenantID: Self.globex, owners: []), tenantName: "globex")
            == .serverMoved(toTenant: "globex"))
        for role in [Role.infraAdmin, .dualAdmin] {
            let owner = Self.user("ops", role, nil)
            #expect(ScopeLoss.of(job: JobScope(tenantID: nil, ownerID: "ops"), owner: owner, server: ServerScope(tenantID: Self.globex, owners: []),
                                 tenantName: "globex") == nil, "\(role)")
        }
        // An owner who changed tenant keeps no server of the old one, even where the job's tenant still matches.
        let moved = Self.user("acme-admin", .tenantAdmin, Self.globex)
        #expect(ScopeLoss.of(job: adminJob, owner: moved, server: ServerScope(tenantID: Self.acme, owners: []), tenantName: "acme")
            == .ownerMayNotApply(owner: "acme-admin", role: .tenantAdmin))
    }

    static func job(tenant: Int64?, owner: String, servers: [Int64]) -> Job {
        Job(id: 7, ownerID: owner, tenantID: tenant, patches: [], scheduledAt: nil, options: .init(),
            chains: servers.map { JobChain(serverID: $0, serverName: "S\($0)", kinds: [.scheduleStandby]) }, createdAt: at, updatedAt: at)
    }

    @Test("the job's own side sees all of it; another tenant sees only the chains on its servers now; others see nothing")
    func visibility() {
        let job = Self.job(tenant: Self.acme, owner: "acme-user", servers: [10, 11])
        // Server 11 moved to globex after the job was made.
        let servers: [Int64: ServerScope] = [10: ServerScope(tenantID: Self.acme, owners: ["acme-user"]),
                                             11: ServerScope(tenantID: Self.globex, owners: ["globex-user"])]
        let acmeUser = Principal.user(Self.user("acme-user", .tenantUser, Self.acme).identity)
        let globexAdmin = Principal.user(Self.user("globex-admin", .tenantAdmin, Self.globex).identity)
        let globexUser = Principal.user(Self.user("globex-user", .tenantUser, Self.globex).identity)
        let globexOther = Principal.user(Self.user("globex-other", .tenantUser, Self.globex).identity)
        let initech = Principal.user(Self.user("initech-admin", .tenantAdmin, 3).identity)
        #expect(JobVisibility.view(job, by: acmeUser, servers: servers)?.chains.map(\.serverID) == [10, 11])
        #expect(JobVisibility.view(job, by: globexAdmin, servers: servers)?.chains.map(\.serverID) == [11])
        #expect(JobVisibility.view(job, by: globexUser, servers: servers)?.chains.map(\.serverID) == [11])
        #expect(JobVisibility.view(job, by: globexOther, servers: servers) == nil)
        #expect(JobVisibility.view(job, by: initech, servers: servers) == nil)
        #expect(JobVisibility.view(job, by: .managementServer, servers: servers)?.chains.count == 2)
        // A dual-role admin's job is seen by each tenant through its own servers.
        let dualJob = Self.job(tenant: nil, owner: "dual", servers: [10, 11])
        #expect(JobVisibility.view(dualJob, by: globexAdmin, servers: servers)?.chains.map(\.serverID) == [11])
        #expect(JobVisibility.view(dualJob, by: acmeUser, servers: servers)?.chains.map(\.serverID) == [10])
    }

    @Test("stopping a chain for a lost server cancels what is left with the reason, but never a process that is installing")
    func stopChain() throws {
        var chain = JobChain(serverID: 1, serverName: "WEB01", kinds: [.scheduleStandby, .operationCheck, .patchApplication, .verification])
        _ = chain.start(at: Self.at)
        chain.finish(.succeeded, at: Self.at, message: "started")
        _ = chain.start(at: Self.at)
        chain.finish(.succeeded, at: Self.at, message: "reachable")
        _ = chain.start(at: Self.at)
        #expect(chain.isBusy)
        #expect(throws: JobChain.ActionRefused.self) { try chain.stop(because: "server moved to tenant globex", at: Self.at) }
        #expect(chain.cancelReason == nil)
        chain.finish(.succeeded, at: Self.at, message: "installed")
        try chain.stop(because: "server moved to tenant globex", at: Self.at)
        #expect(chain.state == .cancelled)
        #expect(chain.cancelReason == "server moved to tenant globex")
        #expect(chain.processes.map(\.state) == [.succeeded, .succeeded, .succeeded, .cancelled])
        #expect(chain.processes.last?.message == "server moved to tenant globex")
    }
}

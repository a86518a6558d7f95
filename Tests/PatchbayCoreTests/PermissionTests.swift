import PatchbayCore
import Testing

/// Every cell of the role table (docs/architecture.md §1), written out as the expected answer per role, so that a
/// change to the policy shows up as a changed row here.
@Suite("Role table")
struct PermissionTests {
    static let home: Int64 = 1
    static let other: Int64 = 2

    /// The situations the table distinguishes, seen from a user "me" in tenant `home`.
    enum Case: String, CaseIterable, CustomTestStringConvertible {
        case viewOwnTenant, viewOtherTenant
        case viewOwnServer, viewTenantServer, viewOtherTenantServer
        case consoleApplyOwnServer, consoleApplyTenantServer, consoleApplyOtherTenantServer
        case commandApplyOwnServer, commandApplyOtherTenantServer
        case viewOwnJob, viewTenantJob, viewOtherTenantJob, viewInfrastructureJob
        case manageOwnJob, manageTenantJob, manageOtherTenantJob, manageInfrastructureJob
        case administer

        var testDescription: String { rawValue }

        var request: (Action, Resource) {
            let own = ServerScope(tenantID: home, owners: ["me"])
            let colleague = ServerScope(tenantID: home, owners: ["colleague"])
            let foreign = ServerScope(tenantID: other, owners: ["stranger"])
            switch self {
            case .viewOwnTenant: return (.view, .tenant(home))
            case .viewOtherTenant: return (.view, .tenant(other))
            case .viewOwnServer: return (.view, .server(own))
            case .viewTenantServer: return (.view, .server(colleague))
            case .viewOtherTenantServer: return (.view, .server(foreign))
            case .consoleApplyOwnServer: return (.applyInConsole, .server(own))
            case .consoleApplyTenantServer: return (.applyInConsole, .server(colleague))
            case .consoleApplyOtherTenantServer: return (.applyInConsole, .server(foreign))
            case .commandApplyOwnServer: return (.applyByCommand, .server(own))
            case .commandApplyOtherTenantServer: return (.applyByCommand, .server(foreign))
            case .viewOwnJob: return (.view, .job(JobScope(tenantID: home, ownerID: "me")))
            case .viewTenantJob: return (.view, .job(JobScope(tenantID: home, ownerID: "colleague")))
            case .viewOtherTenantJob: return (.view, .job(JobScope(tenantID: other, ownerID: "stranger")))
            case .viewInfrastructureJob: return (.view, .job(JobScope(tenantID: nil, ownerID: "ops")))
            case .manageOwnJob: return (.manageJob, .job(JobScope(tenantID: home, ownerID: "me")))
            case .manageTenantJob: return (.manageJob, .job(JobScope(tenantID: home, ownerID: "colleague")))
            case .manageOtherTenantJob: return (.manageJob, .job(JobScope(tenantID: other, ownerID: "stranger")))
            case .manageInfrastructureJob: return (.manageJob, .job(JobScope(tenantID: nil, ownerID: "ops")))
            case .administer: return (.administer, .system)
            }
        }
    }

    /// The cases each role is allowed; everything else must be refused.
    static let allowed: [Role: Set<Case>] = [
        .infraAdmin: [
            .viewOwnTenant, .viewOtherTenant, .viewOwnServer, .viewTenantServer, .viewOtherTenantServer,
            .commandApplyOwnServer, .commandApplyOtherTenantServer,
            .viewOwnJob, .viewTenantJob, .viewOtherTenantJob, .viewInfrastructureJob,
            .manageInfrastructureJob, .administer,
        ],
        .dualAdmin: Set(Case.allCases),
        .tenantAdmin: [
            .viewOwnTenant, .viewOwnServer, .viewTenantServer, .consoleApplyOwnServer, .consoleApplyTenantServer,
            .viewOwnJob, .viewTenantJob, .manageOwnJob, .manageTenantJob,
        ],
        .tenantUser: [.viewOwnTenant, .viewOwnServer, .consoleApplyOwnServer, .viewOwnJob, .manageOwnJob],
    ]

    static var cells: [(Role, Case)] {
        Role.allCases.flatMap { role in Case.allCases.map { (role, $0) } }
    }

    @Test("each role × situation", arguments: cells)
    func cell(role: Role, situation: Case) {
        let me = Principal.user(UserIdentity(id: "me", role: role, tenantID: role.allowsTenant ? Self.home : nil))
        let (action, resource) = situation.request
        let expected = Self.allowed[role]!.contains(situation)
        #expect(may(me, action, resource) == expected, "\(role.rawValue) \(situation.rawValue)")
    }

    @Test("a tenant admin of tenant A is refused everything of tenant B", arguments: Action.allCases)
    func tenantBoundary(action: Action) {
        let adminOfA = Principal.user(UserIdentity(id: "a-admin", role: .tenantAdmin, tenantID: 1))
        let resourcesOfB: [Resource] = [
            .tenant(2), .server(ServerScope(tenantID: 2, owners: ["b-user"])), .server(ServerScope(tenantID: 2, owners: ["a-admin"])),
            .job(JobScope(tenantID: 2, ownerID: "b-user")), .job(JobScope(tenantID: 2, ownerID: "a-admin")),
        ]
        for resource in resourcesOfB {
            #expect(!may(adminOfA, action, resource), "\(action) on \(resource)")
        }
    }

    @Test("a locked user may do nothing at all", arguments: Role.allCases)
    func lockedUser(role: Role) {
        let locked = Principal.user(UserIdentity(id: "me", role: role, tenantID: Self.home, locked: true))
        for situation in Case.allCases {
            let (action, resource) = situation.request
            #expect(!may(locked, action, resource), "\(situation)")
        }
    }

    @Test("a tenant role without a tenant is refused everything", arguments: [Role.tenantAdmin, .tenantUser])
    func tenantRoleWithoutTenant(role: Role) {
        let orphan = Principal.user(UserIdentity(id: "me", role: role, tenantID: nil))
        for situation in Case.allCases {
            let (action, resource) = situation.request
            #expect(!may(orphan, action, resource), "\(situation)")
        }
    }

    @Test("the management server shell may do everything but use the console wizard")
    func managementServer() {
        for situation in Case.allCases {
            let (action, resource) = situation.request
            #expect(may(.managementServer, action, resource) == (action != .applyInConsole), "\(situation)")
        }
        #expect(Principal.managementServer.auditName == "#COMMAND")
    }
}

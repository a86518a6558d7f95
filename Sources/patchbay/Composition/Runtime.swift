import CMDB
import Foundation
import PatchbayConfig
import PatchbayCore
import Services

/// What a command runs against: the validated configuration, the open CMDB, and a service context for
/// the management-server shell (#COMMAND).
struct Runtime {
    let configuration: PatchbayConfiguration
    let store: any CMDBStore
    let context: ServiceContext

    var tenants: TenantService { TenantService(context: context) }
    var users: UserService { UserService(context: context) }
    var servers: ServerService { ServerService(context: context) }
    var audit: AuditService { AuditService(context: context) }

    /// Loads the configuration (a bad one stops here, before the CMDB is touched), opens the CMDB,
    /// runs `body` and closes the CMDB again.
    /// `namingExposure`: warn on stderr when others may read the CMDB. The console leaves it out: its stderr is
    /// the terminal of whoever connects, before any login.
    static func with<T>(_ options: GlobalOptions, namingExposure: Bool = true, _ body: (Runtime) async throws -> T) async throws -> T {
        let path = ConfigurationLoader.resolvePath(option: options.config)
        let configuration = try ConfigurationLoader.load(path: path)
        // A broken template is a configuration error: found here, before anything is written.
        let templates = try MailTemplates.load(overrides: configuration.mail.templatesDir)
        let store = try await open(configuration.cmdb, namingExposure: namingExposure)
        let runtime = Runtime(configuration: configuration, store: store,
                              context: ServiceContext(store: store, principal: .managementServer, templates: templates))
        do {
            let result = try await body(runtime)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    /// The service context for `--user U` (what U may see), or the management server's own.
    func context(actingAs userID: String?) async throws -> ServiceContext {
        guard let userID else { return context }
        guard let user = try await store.read({ try await $0.users.withID(userID) }) else {
            throw PatchbayError.badArguments("there is no user '\(userID)'", fix: "see the users with 'patchbay user list'")
        }
        return ServiceContext(store: store, principal: .user(user.identity), templates: context.templates)
    }

    static func open(_ location: CMDBLocation, namingExposure: Bool = true) async throws -> any CMDBStore {
        switch location {
        case .sqlite(let path):
            let store = try await SQLiteCMDB.open(path: path)
            if namingExposure, let exposure = store.exposure { Say.error("patchbay: " + exposure) }
            return store
        case .postgres(let postgres):
            return try await PostgresCMDB.open(PostgresSettings(postgres.url, password: try WSUSSources.readSecret(postgres.passwordFile), tls: postgres.tls,
                                                                 caFile: postgres.caFile, pool: postgres.pool))
        }
    }
}

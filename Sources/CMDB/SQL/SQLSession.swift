import PatchbayCore
import SQLKit

/// The repositories of one transaction, on whichever engine holds it: they speak the SQL both SQLite and
/// PostgreSQL understand, and the few differences are chosen in `CMDBEngine` and `SQLClock`.
struct SQLSession: CMDBSession {
    let database: any SQLDatabase
    let engine: CMDBEngine

    var tenants: any TenantRepository { SQLTenantRepository(database: database) }
    var users: any UserRepository { SQLUserRepository(database: database) }
    var servers: any ServerRepository { SQLServerRepository(database: database) }
    var audit: any AuditRepository { SQLAuditRepository(database: database) }
    var discovery: any DiscoveryRepository { SQLDiscoveryRepository(database: database) }
    var patchStatus: any PatchStatusRepository { SQLPatchStatusRepository(database: database) }
    var jobs: any JobRepository { SQLJobRepository(database: database, engine: engine) }
    var mail: any MailOutboxRepository { SQLMailOutboxRepository(database: database, engine: engine) }
    var installStates: any InstallStateRepository { SQLInstallStateRepository(database: database) }
}

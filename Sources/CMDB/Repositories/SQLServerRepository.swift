import Foundation
import PatchbayCore
import SQLKit

struct SQLServerRepository: ServerRepository {
    let database: any SQLDatabase

    func all() async throws -> [Server] {
        let owners = try await ownersByServer()
        return try await database.raw("SELECT * FROM servers ORDER BY name").all().map { try server($0, owners: owners) }
    }

    func named(_ name: String) async throws -> Server? {
        guard let row = try await database.raw("SELECT * FROM servers WHERE name = \(bind: name)").first() else { return nil }
        return try server(row, owners: try await ownersByServer(id: try row.int64("id")))
    }

    func withID(_ id: Int64) async throws -> Server? {
        guard let row = try await database.raw("SELECT * FROM servers WHERE id = \(bind: id)").first() else { return nil }
        return try server(row, owners: try await ownersByServer(id: id))
    }

    func insert(_ new: NewServer, at: Date) async throws -> Server {
        let stamp = Timestamp.text(at)
        let row = try await database.raw("""
            INSERT INTO servers (ip_address, name, tenant_id, host_name, os_name, wsus_computer_name, time_zone, created_at, updated_at)
            VALUES (\(bind: new.ipAddress), \(bind: new.name), \(bind: new.tenantID), \(bind: new.hostName),
                    \(bind: new.osName), \(bind: new.wsusComputerName), \(bind: new.timeZone), \(bind: stamp), \(bind: stamp))
            RETURNING id
            """).first()
        guard let id = try row?.int64("id") else { throw PatchbayError(.unexpected, "the CMDB returned no id for server \(new.name)") }
        try await replaceOwners(serverID: id, owners: new.owners)
        try await ChangeCounter(database: database).bump(at: at)
        return Server(id: id, ipAddress: new.ipAddress, name: new.name, tenantID: new.tenantID, owners: new.owners,
                      hostName: new.hostName, osName: new.osName, wsusComputerName: new.wsusComputerName, timeZone: new.timeZone,
                      createdAt: at, updatedAt: at)
    }

    func update(_ server: Server) async throws {
        try await database.raw("""
            UPDATE servers SET ip_address = \(bind: server.ipAddress), name = \(bind: server.name),
                tenant_id = \(bind: server.tenantID), host_name = \(bind: server.hostName), os_name = \(bind: server.osName),
                wsus_computer_name = \(bind: server.wsusComputerName), time_zone = \(bind: server.timeZone), updated_at = \(bind: Timestamp.text(server.updatedAt))
            WHERE id = \(bind: server.id)
            """).run()
        try await replaceOwners(serverID: server.id, owners: server.owners)
        try await ChangeCounter(database: database).bump(at: server.updatedAt)
    }

    func delete(id: Int64) async throws {
        try await database.raw("DELETE FROM server_owners WHERE server_id = \(bind: id)").run()
        try await database.raw("DELETE FROM servers WHERE id = \(bind: id)").run()
        try await ChangeCounter(database: database).bump(at: Date())
    }

    func jobCount(id: Int64) async throws -> Int {
        Int(try await database.raw("SELECT count(DISTINCT job_id) AS n FROM job_chains WHERE server_id = \(bind: id)").first()?.int64("n") ?? 0)
    }

    private func replaceOwners(serverID: Int64, owners: [String]) async throws {
        try await database.raw("DELETE FROM server_owners WHERE server_id = \(bind: serverID)").run()
        for (position, owner) in owners.enumerated() {
            try await database.raw("""
                INSERT INTO server_owners (server_id, user_id, position) VALUES (\(bind: serverID), \(bind: owner), \(bind: position))
                """).run()
        }
    }

    private func ownersByServer(id: Int64? = nil) async throws -> [Int64: [String]] {
        let rows: [any SQLRow]
        if let id {
            rows = try await database.raw("SELECT server_id, user_id FROM server_owners WHERE server_id = \(bind: id) ORDER BY position").all()
        } else {
            rows = try await database.raw("SELECT server_id, user_id FROM server_owners ORDER BY server_id, position").all()
        }
        var owners: [Int64: [String]] = [:]
        for row in rows {
            owners[try row.int64("server_id"), default: []].append(try row.string("user_id"))
        }
        return owners
    }

    private func server(_ row: any SQLRow, owners: [Int64: [String]]) throws -> Server {
        let id = try row.int64("id")
        return Server(
            id: id, ipAddress: try row.string("ip_address"), name: try row.string("name"),
            tenantID: try row.int64("tenant_id"), owners: owners[id] ?? [], hostName: try row.string("host_name"),
            osName: try row.string("os_name"), wsusComputerName: try row.string("wsus_computer_name"), timeZone: try row.string("time_zone"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}

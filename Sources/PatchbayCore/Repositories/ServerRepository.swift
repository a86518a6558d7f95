import Foundation

public protocol ServerRepository: Sendable {
    func all() async throws -> [Server]
    func named(_ name: String) async throws -> Server?
    func withID(_ id: Int64) async throws -> Server?
    func insert(_ server: NewServer, at: Date) async throws -> Server
    /// Replaces every stored field (owners included) of the server with the given id.
    func update(_ server: Server) async throws
    func delete(id: Int64) async throws
    /// How many jobs name the server (a server with jobs keeps its row, for their history).
    func jobCount(id: Int64) async throws -> Int
}

public protocol PatchStatusRepository: Sendable {
    /// What every status row is joined with: current patches, approvals, the group trees and the policies
    /// (`serverComputers` and `states` left empty). Its size follows the catalog, not the fleet.
    func statusCatalog() async throws -> PatchStatusData
    /// The WSUS computers of these servers and their install states (only `serverComputers` and `states`
    /// filled): read a chunk of servers at a time, a listing never holds every state of the fleet.
    func serverStates(serverIDs: [Int64]) async throws -> PatchStatusData

    /// The current revision of one update with its supersedence, or nil when the CMDB does not know it.
    func details(updateID: String) async throws -> PatchDetails?
}

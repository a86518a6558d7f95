public protocol PatchStatusRepository: Sendable {
    /// Everything needed to report patch status for the given servers (all servers when nil).
    func statusData(serverIDs: [Int64]?) async throws -> PatchStatusData

    /// The current revision of one update with its supersedence, or nil when the CMDB does not know it.
    func details(updateID: String) async throws -> PatchDetails?
}

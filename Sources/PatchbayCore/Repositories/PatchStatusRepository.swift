public protocol PatchStatusRepository: Sendable {
    /// Everything needed to report patch status for the given servers (all servers when nil).
    func statusData(serverIDs: [Int64]?) async throws -> PatchStatusData
}

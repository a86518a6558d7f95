public protocol AuditRepository: Sendable {
    func append(_ record: AuditRecord) async throws
    /// Newest last, as a log reads.
    func list(_ filter: AuditFilter) async throws -> [AuditRecord]
}

import Foundation

/// The restarts a job makes on one server, counted in the CMDB so that `jobs.max_restarts` holds across the
/// chain's processes, an operator's retries and another runner taking the chain over.
struct RestartLedger: Sendable {
    let limit: Int
    /// Restarts made so far.
    let count: @Sendable () async throws -> Int
    /// Counts one more; returns the new count.
    let record: @Sendable () async throws -> Int

    /// No restart is counted (outside a job's chain).
    static let uncounted = RestartLedger(limit: .max, count: { 0 }, record: { 1 })
}

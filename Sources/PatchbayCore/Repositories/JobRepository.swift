import Foundation

public protocol JobRepository: Sendable {
    /// Stores a new job with its patches, chains and processes; returns it with ids filled in.
    func insert(_ job: Job) async throws -> Job
    func job(id: Int64) async throws -> Job?
    /// Jobs, newest first, optionally only in one state.
    func list(state: JobState?, limit: Int) async throws -> [Job]
    /// Claims one chain that may run now (its job is due, it is neither finished nor waiting for action, and
    /// no live lease holds it) for `runner` until `leaseUntil`. Two runners never get the same chain.
    func claimChain(runner: String, now: Date, leaseUntil: Date) async throws -> ClaimedChain?
    /// Extends the runner's lease; false when the lease was lost (expired and taken by another runner).
    func renewLease(chainID: Int64, runner: String, until: Date) async throws -> Bool
    /// Writes a chain's processes and state (and its job's derived state) under the runner's lease.
    func saveChain(_ chain: JobChain, jobID: Int64, runner: String?, at: Date) async throws
    func releaseChain(chainID: Int64, runner: String) async throws
}

import Foundation

public protocol JobRepository: Sendable {
    /// Stores a new job with its patches, chains and processes; returns it with ids filled in.
    func insert(_ job: Job) async throws -> Job
    func job(id: Int64) async throws -> Job?
    /// Jobs, newest first, optionally only in one state.
    func list(state: JobState?, limit: Int) async throws -> [Job]
    /// Claims one chain that may run now (its job is due, it is neither finished nor waiting for action, and
    /// no live lease holds it) for `runner` of `host`, for `leaseSeconds` by `clock`. Two runners never get the
    /// same chain, and no tenant (infrastructure jobs count as one) gets more than `perTenantLimit` chains
    /// leased at once. The lease is stamped and compared in the statement, by `clock`.
    func claimChain(runner: String, host: String, clock: LeaseClock, leaseSeconds: Double, perTenantLimit: Int) async throws -> ClaimedChain?
    /// Extends the runner's lease to `seconds` from now by `clock`; false when the lease was lost (expired and
    /// taken by another runner).
    func renewLease(chainID: Int64, runner: String, clock: LeaseClock, seconds: Double) async throws -> Bool
    /// The jobs with an unfinished chain on the server, oldest first.
    func openJobIDs(serverID: Int64) async throws -> [Int64]
    /// How many servers (chains) the job has.
    func chainCount(jobID: Int64) async throws -> Int
    /// The job's state as last stored (derived from its chains when they were saved).
    func storedState(jobID: Int64) async throws -> JobState?
    /// Writes a chain's processes and state (and its job's derived state) under the runner's lease; returns
    /// the job's new state.
    @discardableResult
    func saveChain(_ chain: JobChain, jobID: Int64, runner: String?, at: Date) async throws -> JobState
    func releaseChain(chainID: Int64, runner: String) async throws
    /// Counts one more restart the job made on the chain's server, while `runner` holds the chain; returns
    /// the count so far.
    func recordRestart(chainID: Int64, runner: String) async throws -> Int
    /// Sets the message of the chain's running process at `position` (its progress, while the agent works),
    /// only while the process still runs and `runner` holds the chain: a late report never touches a process
    /// that has finished meanwhile. Returns whether it was written.
    @discardableResult
    func recordProgress(chainID: Int64, position: Int, message: String, runner: String) async throws -> Bool
    /// The server of a chain and where WSUS knows it.
    func target(serverID: Int64) async throws -> JobTarget?

    /// Records an owner event (and the mail queued for it), so it is announced once.
    func recordEvent(_ event: JobEvent, mailID: Int64?) async throws
    func events(jobID: Int64) async throws -> [JobEvent]

    /// Announces (or refreshes) a runner, stamped by `clock`.
    func heartbeat(runner: String, host: String, pid: Int, leaseSeconds: Int, clock: LeaseClock) async throws
    func runnerStopped(id: String, clock: LeaseClock) async throws
    /// Runners, most recent heartbeat first.
    func runners() async throws -> [RunnerRecord]
    /// The database's clock now: what runners' heartbeats are compared with.
    func databaseNow() async throws -> Date
}

import Foundation
import PatchbayCore
import Synchronization

/// Runs one claimed chain process by process, saving after every step and keeping its lease alive.
/// When the runner stops (or loses the lease) mid-process, the process stays "running" in the CMDB and the
/// next runner repeats it — agents are idempotent, so nothing is applied twice.
struct ChainExecutor {
    let context: ServiceContext
    let performer: ProcessPerformer
    let settings: RunnerSettings
    let tally: RunnerTally
    let log: @Sendable (String) -> Void

    func run(_ claimed: ClaimedChain) async {
        let leaseLost = Mutex(false)
        let work = Task { await steps(claimed) }
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: settings.lease / 3)
                if Task.isCancelled { return }
                tally.wrote()
                let renewed = (try? await context.store.write { session in
                    try await session.jobs.renewLease(chainID: claimed.chain.id, runner: settings.id, clock: .database, seconds: settings.lease.seconds)
                }) ?? false
                if !renewed {
                    log("job \(claimed.job.id): lost the lease on \(claimed.chain.serverName); stopping work on it")
                    leaseLost.withLock { $0 = true }
                    work.cancel()
                    return
                }
            }
        }
        await withTaskCancellationHandler {
            await work.value
        } onCancel: {
            work.cancel()
        }
        heartbeat.cancel()
        tally.finishedChain()
        if !leaseLost.withLock({ $0 }) {
            tally.wrote()
            // A fresh task, so that a stopping runner (a cancelled task) still hands the chain back at once.
            let context = context, runner = settings.id
            _ = await Task { try? await context.store.write { try await $0.jobs.releaseChain(chainID: claimed.chain.id, runner: runner) } }.value
        }
    }

    private func steps(_ claimed: ClaimedChain) async {
        var chain = claimed.chain
        let job = claimed.job
        do {
            // A job's servers never change, so they are counted once, not on every save.
            let (found, serverCount) = try await context.store.read { session in
                (try await session.jobs.target(serverID: chain.serverID), try await session.jobs.chainCount(jobID: job.id))
            }
            guard var target = found else {
                log("job \(job.id): server \(chain.serverName) no longer exists")
                return
            }
            target.jobID = job.id
            let restarts = restartLedger(chain)
            if let index = chain.processes.firstIndex(where: { $0.state == .running }) {
                // Left running by a runner that stopped or died: do it again (idempotently).
                chain.processes[index].state = .pending
                chain.processes[index].output += "--- resumed by runner \(settings.id) at \(UTCTime.iso(context.now())) ---\n"
            }
            while !Task.isCancelled {
                guard let kind = try await startNext(&chain, job: job, serverCount: serverCount) else { break }
                let result = await performer.perform(kind, job: job, target: target, now: context.now(),
                                                     progress: progressWriter(chain: chain), restarts: restarts)
                if Task.isCancelled { return } // the next runner repeats this process
                let before = chain.state
                chain.finish(result.succeeded ? .succeeded : .failed, at: context.now(), message: result.message, output: result.output)
                try await save(chain, previous: before, job: job, serverCount: serverCount, observed: result.observed)
                log("job \(job.id) \(chain.serverName): \(kind.rawValue) \(result.succeeded ? "succeeded" : "failed"): \(result.message)")
            }
        } catch {
            log("job \(job.id) \(chain.serverName): \(error)")
        }
    }

    /// Starts the chain's next process, unless its server has left the job owner's reach: then the chain is
    /// stopped instead. Check and start share one transaction, so a server cannot move between them.
    private func startNext(_ chain: inout JobChain, job: Job, serverCount: Int) async throws -> ProcessKind? {
        guard chain.nextProcessIndex != nil else { return nil }
        let now = context.now()
        let current = chain
        tally.wrote()
        let (next, kind, loss) = try await context.store.write { session -> (JobChain, ProcessKind?, ScopeLoss?) in
            let reach = JobReach(session: session, now: now, templates: context.templates)
            if let loss = try await reach.loss(of: current, in: job) {
                let stopped = try await reach.stop(current, of: job, because: loss, serverCount: serverCount, runner: settings.id)
                return (stopped ?? current, nil, loss)
            }
            var started = current
            let previous = started.state
            guard let kind = started.start(at: now) else { return (current, nil, nil) }
            try await JobEventRecorder(session: session, now: now, templates: context.templates)
                .save(started, previous: previous, of: job, serverCount: serverCount, runner: settings.id)
            return (started, kind, nil)
        }
        if let loss { log("job \(job.id) \(chain.serverName): stopped, \(loss.reason)") }
        chain = next
        return kind
    }

    /// The chain's restart count, kept in the CMDB under this runner's lease.
    private func restartLedger(_ chain: JobChain) -> RestartLedger {
        let counted = Mutex(chain.restarts)
        let context = context, runner = settings.id, chainID = chain.id
        return RestartLedger(limit: settings.maxRestarts, count: { counted.withLock { $0 } }, record: {
            let now = try await context.store.write { try await $0.jobs.recordRestart(chainID: chainID, runner: runner) }
            counted.withLock { $0 = now }
            return now
        })
    }

    /// Writes the agent's progress into the running process's message, at most about once a second: the
    /// monitor reads it on its own refresh, so more would only load the CMDB.
    private func progressWriter(chain: JobChain) -> ProgressSink {
        guard let position = chain.processes.firstIndex(where: { $0.state == .running }) else { return { _ in } }
        let lastWrite = Mutex<ContinuousClock.Instant?>(nil)
        let context = context, runner = settings.id, tally = tally, chainID = chain.id
        return { progress in
            let now = ContinuousClock.now
            let due = lastWrite.withLock { last -> Bool in
                guard last.map({ now - $0 >= .seconds(1) }) ?? true else { return false }
                last = now
                return true
            }
            guard due else { return }
            tally.wrote()
            _ = try? await context.store.write { session in
                try await session.jobs.recordProgress(chainID: chainID, position: position, message: progress.summary, runner: runner)
            }
        }
    }

    /// Saves the process's result together with what it saw on the server: one transaction, so the lists
    /// never show a finished install as still needed, nor a state the job has not recorded.
    private func save(_ chain: JobChain, previous: JobChain.State, job: Job, serverCount: Int, observed: [String: InstallState]) async throws {
        let now = context.now()
        tally.wrote()
        try await context.store.write { session in
            try await JobEventRecorder(session: session, now: now, templates: context.templates)
                .save(chain, previous: previous, of: job, serverCount: serverCount, runner: settings.id)
            try await session.installStates.observe(observed, serverID: chain.serverID, source: InstallStateChange.jobSource(job.id), at: now)
        }
    }
}

extension Duration {
    var seconds: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}

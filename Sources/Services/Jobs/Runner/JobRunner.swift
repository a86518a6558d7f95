import Foundation
import PatchbayCore
import Synchronization

/// Counts what a runner did, for its stop line and the benchmark.
final class RunnerTally: Sendable {
    private let counts = Mutex((chains: 0, writes: 0))

    func wrote() { counts.withLock { $0.writes += 1 } }
    func finishedChain() { counts.withLock { $0.chains += 1 } }
    var summary: (chains: Int, writes: Int) { counts.withLock { ($0.chains, $0.writes) } }
}

/// The job runner of the daemon and the demo: claims due chains under a lease, runs up to
/// `concurrency` of them at once, announces itself with a heartbeat, and stops cleanly when its task is
/// cancelled (the chains it held are released and continued by the next runner).
public struct JobRunner: Sendable {
    let context: ServiceContext
    let settings: RunnerSettings
    let performer: ProcessPerformer
    let log: @Sendable (String) -> Void

    public init(context: ServiceContext, settings: RunnerSettings, agent: any PatchAgent, states: any InstallStateReader,
                log: @escaping @Sendable (String) -> Void) {
        self.context = context
        self.settings = settings
        self.performer = ProcessPerformer(agent: agent, states: states, verifyInterval: settings.verifyInterval)
        self.log = log
    }

    private enum Wake: Sendable {
        case chainDone, tick
    }

    public func run() async {
        let clock = ContinuousClock.now
        let tally = RunnerTally()
        let executor = ChainExecutor(context: context, performer: performer, settings: settings, tally: tally, log: log)
        log("job runner \(settings.id) started on host \(settings.host): \(settings.concurrency) chain(s) at once, \(settings.perTenant) per tenant, lease \(settings.lease)")
        await withTaskGroup(of: Wake.self) { group in
            var active = 0
            var ticking = false
            var lastHeartbeat = ContinuousClock.now - settings.lease
            while !Task.isCancelled {
                if ContinuousClock.now - lastHeartbeat >= settings.lease / 3 {
                    await heartbeat()
                    tally.wrote()
                    lastHeartbeat = ContinuousClock.now
                }
                while active < settings.concurrency, !Task.isCancelled, let claimed = await claim(tally) {
                    active += 1
                    log("job \(claimed.job.id): \(claimed.chain.serverName) claimed")
                    group.addTask { await executor.run(claimed); return .chainDone }
                }
                if !ticking {
                    ticking = true
                    group.addTask { try? await Task.sleep(for: settings.pollInterval); return .tick }
                }
                switch await group.next() {
                case .chainDone: active -= 1
                case .tick: ticking = false
                case nil: break
                }
            }
            group.cancelAll()
            for await _ in group {}
        }
        // A fresh task: this one is cancelled, and the CMDB refuses work for cancelled tasks.
        let context = context, id = settings.id
        _ = await Task { try? await context.store.write { try await $0.jobs.runnerStopped(id: id, clock: .database) } }.value
        let (chains, writes) = tally.summary
        let seconds = (ContinuousClock.now - clock).seconds
        log("job runner \(settings.id) stopped: \(chains) chain run(s), \(writes) CMDB write transaction(s) in \(String(format: "%.1f", seconds)) s")
    }

    private func claim(_ tally: RunnerTally) async -> ClaimedChain? {
        do {
            tally.wrote()
            return try await context.store.write { session in
                try await session.jobs.claimChain(runner: settings.id, host: settings.host, clock: .database, leaseSeconds: settings.lease.seconds,
                                                  perTenantLimit: settings.perTenant)
            }
        } catch {
            log("job runner: cannot claim work: \(error)")
            return nil
        }
    }

    private func heartbeat() async {
        do {
            try await context.store.write { try await $0.jobs.heartbeat(runner: settings.id, host: settings.host, pid: Int(getpid()),
                                                                   leaseSeconds: Int(settings.lease.seconds.rounded(.up)), clock: .database) }
        } catch {
            log("job runner: cannot write its heartbeat: \(error)")
        }
    }
}

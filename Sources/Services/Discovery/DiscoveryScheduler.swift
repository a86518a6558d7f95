import Foundation
import PatchbayCore

/// Runs discovery for each WSUS server on its own cron schedule until cancelled (the daemon's loop).
public struct DiscoveryScheduler: Sendable {
    public struct Entry: Sendable {
        public var source: any WSUSSource
        public var schedule: CronSchedule

        public init(source: any WSUSSource, schedule: CronSchedule) {
            self.source = source
            self.schedule = schedule
        }
    }

    let context: ServiceContext
    public let entries: [Entry]
    let log: @Sendable (String) -> Void
    let sleep: @Sendable (Duration) async throws -> Void
    let holder: String

    public init(context: ServiceContext, entries: [Entry], holder: String, log: @escaping @Sendable (String) -> Void,
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.context = context
        self.entries = entries
        self.holder = holder
        self.log = log
        self.sleep = sleep
    }

    /// The next run of each entry after `now`, earliest first.
    public func nextRuns(after now: Date) -> [(at: Date, entry: Entry)] {
        entries.compactMap { entry in entry.schedule.next(after: now).map { ($0, entry) } }.sorted { $0.at < $1.at }
    }

    /// Discovers `sources` once (used at start-up and by each scheduled tick).
    public func discover(_ sources: [any WSUSSource]) async {
        guard !sources.isEmpty else { return }
        do {
            for report in try await DiscoveryService(context: context, sources: sources).run(cleanup: false, holder: holder) {
                log("discovery \(report.run.wsusServer): +\(report.run.added) ~\(report.run.changed) -\(report.run.removed) in "
                    + String(format: "%.1f s", report.run.duration) + (report.skipped.isEmpty ? "" : "; " + SkippedRow.summary(report.skipped)))
            }
        } catch let failure as DiscoveryFailure {
            log("discovery failed: \(failure.error.message)")
        } catch {
            log("discovery skipped: \((error as? PatchbayError)?.message ?? String(describing: error))")
        }
    }

    /// The sources among `due` whose run at `at` this daemon took: each scheduled run is taken by one daemon
    /// of all those sharing the CMDB (they compute the same due time from the same schedule).
    public func taken(_ due: [any WSUSSource], at: Date) async -> [any WSUSSource] {
        var mine: [any WSUSSource] = []
        for source in due {
            do {
                let owner = try await context.store.write { session in
                    try await session.discovery.claimScheduledRun(wsusServer: source.name, dueAt: at, claimant: holder, at: context.now())
                }
                if owner == holder { mine.append(source) } else { log("discovery \(source.name): this run is taken by \(owner)") }
            } catch {
                log("discovery \(source.name) skipped: \((error as? PatchbayError)?.message ?? String(describing: error))")
            }
        }
        return mine
    }

    /// Sleeps until each next scheduled time and discovers the servers due then, until the task is cancelled.
    public func run() async {
        guard !entries.isEmpty else {
            log("no WSUS server has a discovery schedule; set 'schedule' on a wsus entry or 'schedules.discovery'")
            return
        }
        while !Task.isCancelled {
            let now = context.now()
            guard let first = nextRuns(after: now).first else { return }
            let due = nextRuns(after: now).filter { $0.at == first.at }.map(\.entry.source)
            log("next discovery at \(ISO8601DateFormatter().string(from: first.at)) for \(due.map(\.name).joined(separator: ", "))")
            do {
                try await sleep(.milliseconds(Int64(max(0, first.at.timeIntervalSince(now)) * 1000)))
            } catch {
                return
            }
            if Task.isCancelled { return }
            await discover(await taken(due, at: first.at))
        }
    }
}

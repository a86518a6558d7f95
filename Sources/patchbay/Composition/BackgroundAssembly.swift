import Foundation
import PatchbayCore
import Services

/// Builds the background work from the configuration, for `daemon` and `demo` alike.
enum BackgroundAssembly {
    /// Each WSUS server on its own schedule, else `schedules.discovery`, else `fallback` (the demo's five
    /// minutes; the daemon has none, so a server without a schedule is not discovered on one).
    static func make(_ runtime: Runtime, sources: [any WSUSSource], holder: String, runner: Bool = true, discoverAtStart: Bool = false,
                     fallback: CronSchedule? = nil, log: @escaping @Sendable (String) -> Void) throws -> BackgroundWork {
        let configuration = runtime.configuration
        var entries: [DiscoveryScheduler.Entry] = []
        for (entry, source) in zip(configuration.wsus, sources) {
            if let schedule = entry.schedule ?? configuration.schedules.discovery ?? fallback { entries.append(.init(source: source, schedule: schedule)) }
        }
        let scheduler = DiscoveryScheduler(context: runtime.context, entries: entries, holder: WSUSSources.lockHolder(holder, configuration), log: log)
        let mailer = try MailerFactory.make(runtime, log: log)
        if mailer == nil { log("no 'smtp:' in the configuration: mail stays queued in the outbox") }
        return BackgroundWork(scheduler: scheduler, runner: runner ? try JobRunnerFactory.make(runtime, sources: sources, log: log) : nil,
                              mailer: mailer, discoverFirst: discoverAtStart ? sources : [])
    }
}

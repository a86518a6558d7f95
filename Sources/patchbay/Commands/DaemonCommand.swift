import ArgumentParser
import Dispatch
import Foundation
import PatchbayCore
import Services

struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run Patchbay's background work: scheduled discovery (job runner and mailer come with later features).",
        discussion: """
            Each WSUS server is discovered on its own 'schedule' (cron: minute hour day-of-month month day-of-week),
            or on 'schedules.discovery' when it has none. A run that finds another discovery in progress is skipped.
            SIGTERM or SIGINT stops the daemon after the current step; it exits 0.

            Example:
              patchbay daemon --discover-at-start
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Discover every WSUS server once at start-up, before following the schedules.") var discoverAtStart = false

    func run() async throws {
        try await Runtime.with(global) { runtime in
            let configuration = runtime.configuration
            let sources = try WSUSSources.make(configuration)
            var entries: [DiscoveryScheduler.Entry] = []
            for (entry, source) in zip(configuration.wsus, sources) {
                if let schedule = entry.schedule ?? configuration.schedules.discovery { entries.append(.init(source: source, schedule: schedule)) }
            }
            let scheduler = DiscoveryScheduler(context: runtime.context, entries: entries,
                                               holder: WSUSSources.lockHolder("patchbay daemon"), log: Self.log)
            Self.log("patchbay daemon started (pid \(getpid())) with CMDB \(runtime.store.path); \(entries.count) scheduled WSUS server(s)")
            let work = Task {
                if discoverAtStart { await scheduler.discover(sources) }
                await scheduler.run()
            }
            let signals = Self.onTermination { work.cancel() }
            await work.value
            signals.forEach { $0.cancel() }
            Self.log("patchbay daemon stopped")
        }
    }

    static func log(_ line: String) {
        FileHandle.standardOutput.write(Data("\(ISO8601DateFormatter().string(from: Date())) \(line)\n".utf8))
    }

    /// SIGTERM / SIGINT call `stop` instead of killing the process, so the current transaction finishes.
    static func onTermination(_ stop: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                log("received \(number == SIGTERM ? "SIGTERM" : "SIGINT"), stopping")
                stop()
            }
            source.resume()
            return source
        }
    }
}

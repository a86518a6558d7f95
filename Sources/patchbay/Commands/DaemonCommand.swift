import ArgumentParser
import Foundation
import PatchbayCore
import Services

struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run Patchbay's background work: scheduled discovery, the job runner and the mailer.",
        discussion: """
            Each WSUS server is discovered on its own 'schedule' (cron: minute hour day-of-month month day-of-week),
            or on 'schedules.discovery' when it has none. A run that finds another discovery in progress is skipped.
            The mailer sends the outbox through 'smtp:' with retries ('mail:'); without 'smtp:' mail stays queued.
            The job runner claims due job chains with a lease in the CMDB ('jobs:' in the configuration sets its
            agent, concurrency per runner and per tenant, and lease); several daemons may share one CMDB.
            SIGTERM or SIGINT stops the daemon after the current step; it exits 0. Chains that were mid-process
            are released and repeated by the next runner (agents are idempotent: nothing is installed twice).
            SIGHUP is logged and ignored: it is kept for a configuration reload.

            Example:
              patchbay daemon --discover-at-start
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Discover every WSUS server once at start-up, before following the schedules.") var discoverAtStart = false
    @Flag(inversion: .prefixedNo, help: "Run the job runner (on by default).") var runner = true

    func run() async throws {
        // First of all, so that a signal during start-up (reading the configuration, migrating the CMDB) is
        // handled like one later: SIGTERM stops the daemon once it has started, SIGHUP is ignored.
        let signals = try SignalCatcher([SIGTERM, SIGINT, SIGHUP])
        try await Runtime.with(global) { runtime in
            let sources = try WSUSSources.make(runtime.configuration)
            let background = try BackgroundAssembly.make(runtime, sources: sources, holder: "patchbay daemon", runner: runner,
                                                         discoverAtStart: discoverAtStart, log: Self.log)
            Self.log("patchbay daemon started (pid \(getpid())) with CMDB \(runtime.store.location); \(background.scheduler.entries.count) scheduled WSUS server(s)")
            let work = background.start()
            Self.onTermination(signals) { work.cancel() }
            await work.value
            Self.log("patchbay daemon stopped")
        }
    }

    static func log(_ line: String) {
        // A formatter made per line cost 7% of a busy daemon's CPU; the same text, formatted directly.
        Say.line("\(UTCTime.iso(Date())) \(line)")
    }

    /// SIGTERM / SIGINT call `stop` instead of killing the process, so the current transaction finishes; SIGHUP
    /// does nothing yet (it is kept for a configuration reload). A signal caught before this (`signals` was
    /// made first) waits in its pipe and is handled now.
    static func onTermination(_ signals: SignalCatcher, _ stop: @escaping @Sendable () -> Void) {
        signals.forEach { number in
            if number == SIGHUP {
                log("received SIGHUP: ignored (it is kept for a configuration reload, which this version does not do)")
                return
            }
            log("received \(SignalCatcher.name(number)), stopping")
            stop()
        }
    }
}

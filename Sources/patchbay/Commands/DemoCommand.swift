import ArgumentParser
import CMDB
import Foundation
import PatchbayConfig
import PatchbayCore
import Services
import WSUSSimulator

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Patchbay on its embedded defaults: a demo home, a seeded CMDB and a WSUS simulator, discovered once.",
        discussion: """
            The demo home holds patchbay.yaml, cmdb.sqlite, servers.csv, the simulator's scenario.yaml and the WSUS
            password file. Its CMDB has two tenants, one user of each role and a dozen servers. The WSUS simulator
            starts in this process on a free loopback port, serves the real December 2023 Microsoft catalog, and one
            discovery fills the CMDB, so 'patchbay patch info' shows data right away.

            On a terminal the demo then opens the console, with the job runner and the scheduled discovery running
            in this process (their log goes to <home>/demo.log), so a job made in the wizard runs while you watch it
            in the monitor. Quitting the console ends the demo. Log in with any user the summary lists.

            Without a terminal (or with --no-console) the demo prints its summary and ends; the simulator stops (the
            CMDB keeps what was discovered). With --serve the simulator and the daemon keep running until Ctrl-C,
            without the console, so 'patchbay update-info --repository' works from another shell. Point other
            commands at the demo with
              export PATCHBAY_CONFIG=<home>/patchbay.yaml
            Running the demo again reuses an existing home; --reset starts it afresh.
            """)

    @Option(help: ArgumentHelp("Folder of the demo home.", valueName: "dir")) var home = "patchbay-demo"
    @Flag(help: "Delete an existing demo home first.") var reset = false
    @Flag(help: "Keep the simulator and the daemon running until Ctrl-C, without the console.") var serve = false
    @Flag(help: "Only print the summary; do not open the console.") var noConsole = false
    @Option(help: ArgumentHelp("The console's theme (default, dark, light, high-contrast, mono).", valueName: "name")) var theme: String?

    func run() async throws {
        let folder = URL(fileURLWithPath: home).standardizedFileURL.path
        let files = DemoFiles(folder: folder)
        if reset { try files.remove() }
        let fresh = try files.create()
        let scenario: Scenario
        do {
            scenario = try Scenario.load(path: files.scenario)
        } catch {
            throw PatchbayError.badArguments("the demo scenario \(files.scenario) is not valid: \(error)", fix: "fix it, or run 'patchbay demo --reset'")
        }
        let simulator = try await WSUSSimulator.start(data: scenario.data, settings: scenario.settings)
        do {
            try files.writeConfiguration(wsusURL: simulator.baseURL)
            try await Runtime.with(GlobalOptions(config: files.configuration)) { runtime in
                if fresh { try await DemoSeed(context: runtime.context).run() }
                let sources = try WSUSSources.make(runtime.configuration)
                let reports = try await DiscoveryService(context: runtime.context, sources: sources)
                    .run(cleanup: false, holder: WSUSSources.lockHolder("patchbay demo", runtime.configuration))
                try await DemoSummary(runtime: runtime, files: files, fresh: fresh, simulatorURL: simulator.baseURL, reports: reports).print()
                if serve {
                    try await Self.serve(runtime: runtime, sources: sources)
                } else if !noConsole && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
                    try await Self.console(runtime: runtime, sources: sources, files: files, theme: theme)
                }
            }
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()
    }

    /// Keeps the simulator up and runs the daemon's scheduled discovery and job runner until SIGINT or SIGTERM.
    private static func serve(runtime: Runtime, sources: [any WSUSSource]) async throws {
        let work = try background(runtime: runtime, sources: sources, holder: "patchbay demo --serve", log: DaemonCommand.log)
        Say.line("Serving: the WSUS simulator, scheduled discovery and the job runner run until Ctrl-C.")
        DaemonCommand.onTermination(try SignalCatcher([SIGTERM, SIGINT, SIGHUP])) { work.cancel() }
        await work.value
    }

    /// Opens the console while the daemon's work runs in the background, logging to a file (the terminal
    /// belongs to the console); quitting the console stops both.
    private static func console(runtime: Runtime, sources: [any WSUSSource], files: DemoFiles, theme: String?) async throws {
        let logFile = files.folder + "/demo.log"
        FileManager.default.createFile(atPath: logFile, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        let log: @Sendable (String) -> Void = { line in
            handle.write(Data(VisibleText.page("\(UTCTime.iso(Date())) \(line)\n").utf8))
        }
        let work = try background(runtime: runtime, sources: sources, holder: "patchbay demo", log: log)
        let logins = DemoSeed.users.map(\.id).joined(separator: ", ")
        Say.line("\nOpening the console. Demo logins: \(logins), password \(DemoSeed.password).")
        do {
            try await ConsoleLaunch.run(runtime, theme: theme, note: "Demo logins: \(logins) / \(DemoSeed.password)")
        } catch {
            work.cancel()
            await work.value
            throw error
        }
        work.cancel()
        await work.value
        try? handle.close()
    }

    /// The daemon's scheduled discovery, job runner and (with SMTP configured) mailer, as one cancellable task.
    /// The daemon's background work; the demo configuration names no SMTP server, so mail stays in the outbox
    /// ('patchbay mail list').
    private static func background(runtime: Runtime, sources: [any WSUSSource], holder: String,
                                   log: @escaping @Sendable (String) -> Void) throws -> Task<Void, Never> {
        try BackgroundAssembly.make(runtime, sources: sources, holder: holder, fallback: try CronSchedule("*/5 * * * *"), log: log).start()
    }
}

extension GlobalOptions {
    init(config: String?) {
        self.init()
        self.config = config
    }
}

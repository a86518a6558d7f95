/// What the daemon and the demo run behind the console, assembled once: scheduled discovery, the job
/// runner and the mailer, side by side until cancelled.
public struct BackgroundWork: Sendable {
    public let scheduler: DiscoveryScheduler
    public let runner: JobRunner?
    public let mailer: Mailer?
    /// Discovered once before the schedule is followed (the daemon asked to discover at start).
    public let discoverFirst: [any WSUSSource]

    public init(scheduler: DiscoveryScheduler, runner: JobRunner?, mailer: Mailer?, discoverFirst: [any WSUSSource] = []) {
        self.scheduler = scheduler
        self.runner = runner
        self.mailer = mailer
        self.discoverFirst = discoverFirst
    }

    /// Starts all of it; the task ends once it is cancelled and every part has stopped.
    public func start() -> Task<Void, Never> {
        let work = self
        return Task {
            await withTaskGroup(of: Void.self) { group in
                if let runner = work.runner { group.addTask { await runner.run() } }
                if let mailer = work.mailer { group.addTask { await mailer.run() } }
                group.addTask {
                    if !work.discoverFirst.isEmpty { await work.scheduler.discover(work.discoverFirst) }
                    await work.scheduler.run()
                }
            }
        }
    }
}

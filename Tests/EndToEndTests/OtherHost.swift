import Foundation
import PatchbayCore
import TestSupport

/// Another management server of a `JobHome` on PostgreSQL: a folder and configuration of its own (its own
/// `daemon.host_id`), the same CMDB and the same WSUS; its daemon is a process of its own.
final class OtherHost {
    let hostID: String
    let folder: String
    var config: String { folder + "/patchbay.yaml" }
    var logPath: String { folder + "/daemon.log" }
    private(set) var daemon: Process?
    private var log: FileHandle?
    /// The daemon's own pid: under faketime, the child of the `daemon` process.
    private var daemonPID: pid_t = 0

    init(of jobs: JobHome, hostID: String) throws {
        self.hostID = hostID
        folder = jobs.home.folder + "/" + hostID
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var text = try String(contentsOfFile: jobs.home.config, encoding: .utf8)
            .replacingOccurrences(of: "password_file: wsus01.password", with: "password_file: \(jobs.home.folder)/wsus01.password")
        if let range = text.range(of: #"host_id: [A-Za-z0-9._-]+"#, options: .regularExpression) {
            text.replaceSubrange(range, with: "host_id: \(hostID)")
        } else {
            text += "\ndaemon:\n  host_id: \(hostID)\n"
        }
        try text.write(toFile: config, atomically: true, encoding: .utf8)
    }

    deinit { kill() }

    func run(_ arguments: String...) throws -> PatchbayBinary.Result {
        try PatchbayBinary(environment: ["PATCHBAY_CONFIG": config]).run(arguments)
    }

    /// `clockAhead`: faketime's offset for the daemon's clock, e.g. "+10m".
    func startDaemon(clockAhead: String? = nil) throws {
        let (process, log) = try JobHome.launchDaemon(config: config, logPath: logPath, clockAhead: clockAhead)
        (daemon, self.log, daemonPID) = (process, log, process.processIdentifier)
        guard clockAhead != nil else { return }
        let children = "/proc/\(process.processIdentifier)/task/\(process.processIdentifier)/children"
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: children, encoding: .utf8), let child = pid_t(text.split(separator: " ").first ?? "") {
                daemonPID = child
                return
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw JobHomeError("faketime started no daemon")
    }

    /// Signals the daemon itself (not faketime, which then ends with it) and waits for both.
    private func signal(_ number: Int32) {
        guard let daemon else { return }
        if daemon.isRunning { Foundation.kill(daemonPID, number) }
        daemon.waitUntilExit()
        self.daemon = nil
    }

    func kill() { signal(SIGKILL) }

    func stop() { signal(SIGTERM) }

    var output: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
}

import Foundation
import PatchbayCore
import TestSupport

/// A demo home wired for jobs: the real `wsus-sim` (the demo scenario, plus `extraFleet` more Windows
/// Server 2022 computers registered as servers of tenant acme), a discovered CMDB, and a real
/// `patchbay daemon` whose runner uses the simulated agent with a short lease.
final class JobHome {
    let home: DemoHome
    let simulator: SimulatorProcess
    private(set) var daemon: Process?
    private var daemonLog: FileHandle?
    let daemonLogPath: String

    /// `agent` is the `jobs.agent` value; `agentSettings` more YAML lines under `jobs:` (e.g. its `ssh:` block),
    /// given the simulator's base address.
    /// `scripts`: files (name → text) of a scripts folder the console offers as pre/post scripts.
    /// The PostgreSQL database the home was moved to (`onPostgres`), dropped with the home.
    private(set) var postgres: PostgresURL?

    /// `onPostgres`: once discovered, the CMDB is copied into a fresh database of the test cluster with
    /// `patchbay cmdb copy`, and the home's configuration points at it from then on.
    /// `hostID`: the home's `daemon.host_id` (the system's host name when nil).
    init(extraFleet: Int = 0, concurrency: Int = 8, perTenant: Int = 8, leaseSeconds: Int = 3, agent: String = "simulated",
         scripts: [String: String] = [:], onPostgres: Bool = false, hostID: String? = nil, agentSettings: (String) -> String = { _ in "" }) throws {
        home = try DemoHome()
        if !scripts.isEmpty {
            try FileManager.default.createDirectory(atPath: home.folder + "/scripts", withIntermediateDirectories: true)
            for (name, text) in scripts { _ = try home.write("scripts/" + name, text) }
        }
        var scenario = try String(contentsOfFile: home.folder + "/scenario.yaml", encoding: .utf8)
        // Tests keep an instant fleet: the demo's pace (and its first install that fails) is its last section.
        if let paced = scenario.range(of: "\nfleet:\n") { scenario = String(scenario[..<paced.lowerBound]) + "\n" }
        var csv = "ip-address,server-name,tenant,owner,host-name,os-name,wsus-computer-name\n"
        if extraFleet > 0 {
            let fleet = (1...extraFleet).map { index in
                "  - {name: fleet\(index).acme.example, ip: 10.9.\(index / 256).\(index % 256), os: 'Windows Server 2022', groups: [Production], last_sync: 1h, last_report: 1h}"
            }.joined(separator: "\n")
            scenario = scenario.replacingOccurrences(of: "approvals:\n", with: fleet + "\napprovals:\n")
            for index in 1...extraFleet {
                csv += "10.9.\(index / 256).\(index % 256),FLEET\(index),acme,acme-user,fleet\(index),Windows Server 2022,fleet\(index).acme.example\n"
            }
        }
        simulator = try SimulatorProcess(scenario: try home.write("scenario-jobs.yaml", scenario))
        daemonLogPath = home.folder + "/daemon.log"
        try home.configure(wsusURL: simulator.baseURL, extra: """
            jobs:
              agent: \(agent)
              concurrency: \(concurrency)
              per_tenant: \(perTenant)
              lease_seconds: \(leaseSeconds)
              verify_interval_seconds: 1
            \(scripts.isEmpty ? "" : "  scripts_dir: scripts")
            \(agentSettings(simulator.baseURL))
            \(hostID.map { "daemon:\n  host_id: \($0)\n" } ?? "")
            """)
        if extraFleet > 0 {
            let added = try home.run("server", "add", "--file", try home.write("fleet.csv", csv))
            guard added.status == 0 else { throw JobHomeError("server add failed: \(added.stderr)") }
        }
        let discovery = try home.run("update-info", "--repository")
        guard discovery.status == 0 else { throw JobHomeError("discovery failed: \(discovery.stderr)") }
        if onPostgres { try moveToPostgres() }
    }

    private func moveToPostgres() throws {
        let url = try PostgresCluster.createDatabase()
        postgres = url
        let password = home.folder + "/cmdb.password"
        FileManager.default.createFile(atPath: password, contents: Data((try PostgresCluster.server().password + "\n").utf8),
                                       attributes: [.posixPermissions: 0o600])
        let block = "cmdb:\n  postgres: {url: \"\(url)\", password_file: \(password)}\n"
        let target = try home.write("postgres.yaml", block)
        let copied = try home.run("cmdb", "copy", "--to-config", target)
        guard copied.status == 0 else { throw JobHomeError("cmdb copy failed: \(copied.stderr)") }
        let config = try String(contentsOfFile: home.config, encoding: .utf8)
        guard config.contains("cmdb:\n  sqlite: cmdb.sqlite\n") else { throw JobHomeError("unexpected configuration: \(config)") }
        try config.replacingOccurrences(of: "cmdb:\n  sqlite: cmdb.sqlite\n", with: block).write(toFile: home.config, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: home.cmdb)
    }

    deinit {
        if let daemon, daemon.isRunning { kill(daemon.processIdentifier, SIGKILL); daemon.waitUntilExit() }
        if let postgres { PostgresCluster.dropDatabase(postgres) }
    }

    func run(_ arguments: String...) throws -> PatchbayBinary.Result {
        try home.binary.run(arguments)
    }

    func startDaemon() throws {
        (daemon, daemonLog) = try Self.launchDaemon(config: home.config, logPath: daemonLogPath)
    }

    /// `patchbay daemon --config CONFIG` with its output appended to `logPath`; `clockAhead` runs it under
    /// Debian's faketime with its wall clock that far ahead. faketime stays the parent of the daemon (the process
    /// returned) and ends when it ends. The monotonic clock must stay real: Swift's sleeps take their deadline
    /// from it, and libdispatch would wait the whole offset. (libfaketime 0.9.10 still shifts libdispatch's
    /// monotonic timer deadlines, so the faked daemon keeps one core busy re-arming them; its timers fire on time.)
    static func launchDaemon(config: String, logPath: String, clockAhead: String? = nil) throws -> (Process, FileHandle) {
        let process = Process()
        if let clockAhead {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/faketime")
            process.arguments = ["-f", clockAhead, PatchbayBinary.path, "daemon", "--config", config]
            process.environment = ProcessInfo.processInfo.environment.merging(["FAKETIME_DONT_FAKE_MONOTONIC": "1"]) { $1 }
        } else {
            process.executableURL = URL(fileURLWithPath: PatchbayBinary.path)
            process.arguments = ["daemon", "--config", config]
        }
        if !FileManager.default.fileExists(atPath: logPath) { FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        return (process, log)
    }

    func killDaemon() {
        guard let daemon else { return }
        kill(daemon.processIdentifier, SIGKILL)
        daemon.waitUntilExit()
        self.daemon = nil
    }

    func stopDaemon() {
        guard let daemon else { return }
        daemon.terminate()
        daemon.waitUntilExit()
        self.daemon = nil
    }

    var daemonOutput: String { (try? String(contentsOfFile: daemonLogPath, encoding: .utf8)) ?? "" }

    /// One statement through psql on the home's PostgreSQL CMDB; its unaligned output, trimmed.
    func sql(_ statement: String) throws -> String {
        guard let postgres else { throw JobHomeError("the home is not on PostgreSQL") }
        return try PostgresCluster.psql(postgres, password: try PostgresCluster.server().password, statement)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// POSTs JSON to the simulator's control API with curl (an independent HTTP client).
    @discardableResult
    func control(_ path: String, _ json: String = "{}", method: String = "POST") throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-X", method, "-H", "Content-Type: application/json", "--data", json, simulator.baseURL + path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Makes an install take `milliseconds` on the extra fleet's servers `fleet` (FLEET1… are fleet1.acme.example…).
    func setInstallTime(fleet: ClosedRange<Int>, milliseconds: Int) throws {
        for index in fleet {
            try control("/control/fleet/configure", #"{"computer": "fleet\#(index).acme.example", "install_ms": \#(milliseconds)}"#)
        }
    }

    /// How often each KB was really installed on each computer, as the simulator counted.
    func installCounts() throws -> [String: [String: Int]] {
        let text = try control("/control/fleet/installs", method: "GET")
        return (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [String: Int]]) ?? [:]
    }

    /// `job show ID --format json`, parsed.
    func job(_ id: Int) throws -> [String: Any] {
        let shown = try run("job", "show", String(id), "--format", "json")
        return (try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    /// `waitForJob` holding the test's thread (see `pollHolding`).
    @discardableResult
    func waitForJobHolding(_ id: Int, timeout: TimeInterval = 60, until done: (String) -> Bool) throws -> String {
        var state = ""
        try pollHolding(timeout: timeout, interval: 0.3) {
            state = try job(id)["state"] as? String ?? ""
            return done(state)
        }
        return state
    }

    /// Polls the job until `done` holds for its state or `timeout` passes; returns the last state.
    @discardableResult
    func waitForJob(_ id: Int, timeout: TimeInterval = 60, until done: (String) -> Bool) async throws -> String {
        var state = ""
        try await poll(timeout: timeout, interval: 0.3) {
            state = try job(id)["state"] as? String ?? ""
            return done(state)
        }
        return state
    }

    /// The process of a server in a job's JSON.
    func process(_ job: [String: Any], server: String, kind: String) -> [String: Any]? {
        let servers = job["servers"] as? [[String: Any]] ?? []
        let processes = servers.first { $0["server"] as? String == server }?["processes"] as? [[String: Any]] ?? []
        return processes.first { $0["kind"] as? String == kind }
    }

    static func jobID(_ output: String) -> Int? {
        guard let range = output.range(of: "job ") else { return nil }
        return Int(output[range.upperBound...].prefix { $0.isNumber })
    }
}

struct JobHomeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import Foundation
import Testing
import TestSupport

/// SIGTERM, SIGINT and SIGHUP at seeded random moments of the real console's start-up, login and wizard, each
/// run in a pty of its own (Tests/Interop/signal_storm.py). `make test` sends a few dozen; `make fuzz` sends
/// hundreds (PATCHBAY_SIGNAL_RUNS). A failure names its seed: PATCHBAY_SIGNAL_SEED=N repeats the same moments.
@Suite("Signals at any moment")
struct SignalStormEndToEndTests {
    static let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/signal_storm.py").path

    @Test("every console ends, leaves the terminal as it found it, and no job is half made")
    func storm() throws {
        let home = try DemoHome()
        // Consoles killed while checking a password count as failed attempts; the storm logs in many times.
        let config = try String(contentsOfFile: home.config, encoding: .utf8).replacingOccurrences(of: "attempts: 5", with: "attempts: 100")
        try config.write(toFile: home.config, atomically: true, encoding: .utf8)
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["PATCHBAY_SIGNAL_SEED"].flatMap(Int.init) ?? Int.random(in: 1...1_000_000)
        let runs = environment["PATCHBAY_SIGNAL_RUNS"].flatMap(Int.init) ?? 30
        let budget = environment["PATCHBAY_SIGNAL_BUDGET"] ?? "60"

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["PATCHBAY_CONFIG=\(home.config)", "python3", Self.driver, "--binary", PatchbayBinary.path,
                             "--seed", String(seed), "--runs", String(runs), "--budget", budget]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "seed \(seed): \(String(decoding: data, as: UTF8.self))")
        let results = json["runs"] as? [[String: Any]] ?? []
        #expect(results.count >= min(runs, 10), "seed \(seed): only \(results.count) runs")
        let failed = results.filter { ($0["problem"] as? String ?? "") != "" || $0["ended"] as? Bool != true || $0["restored"] as? Bool != true }
        #expect(failed.isEmpty, "PATCHBAY_SIGNAL_SEED=\(seed): \(failed)")
        let stages = Set(results.compactMap { $0["stage"] as? String })
        #expect(stages.count >= min(results.count, 5), "seed \(seed): the runs reached \(stages.sorted())")

        #expect(try sqlite(home.cmdb, "PRAGMA integrity_check") == ["ok"])
        #expect(try sqlite(home.cmdb, """
            SELECT count(*) FROM jobs j WHERE NOT EXISTS (SELECT 1 FROM job_chains c WHERE c.job_id = j.id)
              OR NOT EXISTS (SELECT 1 FROM job_patches p WHERE p.job_id = j.id)
              OR EXISTS (SELECT 1 FROM job_chains c WHERE c.job_id = j.id AND NOT EXISTS (SELECT 1 FROM job_processes q WHERE q.chain_id = c.id))
            """) == ["0"], "seed \(seed): a job without chains, patches or processes")
        let jobs = Int(try sqlite(home.cmdb, "SELECT count(*) FROM jobs").first ?? "0") ?? 0
        let audited = Int(try sqlite(home.cmdb, "SELECT count(*) FROM audit_log WHERE operation = 'patch apply' AND outcome = 'SUCCESS'").first ?? "0") ?? 0
        #expect(jobs == audited, "seed \(seed): every job made is audited, and only those")
    }
}

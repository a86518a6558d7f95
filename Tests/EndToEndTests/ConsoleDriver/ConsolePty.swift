import Foundation

/// The real `patchbay console` (or any command) in a real pty, driven by typed steps; its screen is read back by
/// pyte (Tests/Interop/console_pty.py).
struct ConsolePty {
    struct Run {
        var ok: Bool
        var error: String
        var screens: [String]
        var exit: Int?
        /// What `.cell` steps saw: the character and its look.
        var cells: [[String: Any]]
        /// What an `.environ` step read: the program's environment as it runs.
        var environ: [String] = []
        /// What `.run` steps printed, in order: another command run while the console waits.
        var runs: [[String: Any]] = []

        /// The failure, and every screen kept, for an expectation's message.
        var report: String { "\(error)\n\(screens.joined(separator: "\n----\n"))" }
    }

    static let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/console_pty.py").path

    static func drive(_ home: DemoHome, columns: Int = 80, rows: Int = 24, term: String = "xterm-256color", lang: String = "C.UTF-8",
                      arguments: [String] = ["console"], environment: [String] = [], command: [String]? = nil, backtraceSet: Bool = true,
                      _ steps: [ConsoleStep]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // The test runner may set NO_COLOR for its own output; the console under test decides for itself.
        // Tests turn crash backtraces off, unless a test checks what the console does without the setting.
        let backtrace = backtraceSet ? ["SWIFT_BACKTRACE=enable=no"] : ["-u", "SWIFT_BACKTRACE"]
        process.arguments = ["-u", "NO_COLOR"] + backtrace + ["TERM=\(term)", "LANG=\(lang)", "PATCHBAY_CONFIG=\(home.config)"] + environment + [
                             "python3", Self.driver, String(columns), String(rows), "--"] + (command ?? [PatchbayBinary.path] + arguments)
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: steps.flatMap(\.json)))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return Run(ok: json["ok"] as? Bool ?? false, error: json["error"] as? String ?? "", screens: json["screens"] as? [String] ?? [],
                   exit: json["exit"] as? Int, cells: json["cells"] as? [[String: Any]] ?? [], environ: json["environ"] as? [String] ?? [],
                   runs: json["runs"] as? [[String: Any]] ?? [])
    }
}

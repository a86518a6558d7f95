import Foundation
import Testing

@Suite("patchbay daemon")
struct DaemonEndToEndTests {
    @Test("discovers at start, follows the schedule, lets SIGHUP pass (kept for a reload) and stops cleanly on SIGTERM")
    func lifecycle() throws {
        let (home, simulator) = try WSUSEndToEndTests().home()
        let config = try String(contentsOfFile: home.config, encoding: .utf8) + "schedules:\n  discovery: \"*/30 * * * *\"\n"
        try config.write(toFile: home.config, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PatchbayBinary.path)
        process.arguments = ["daemon", "--discover-at-start", "--config", home.config]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var output = ""
        let deadline = Date().addingTimeInterval(30)
        while !output.contains("next discovery at"), Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            output += String(decoding: chunk, as: UTF8.self)
        }
        #expect(output.contains("discovery wsus01: +"), "\(output)")
        #expect(output.contains("for wsus01"))
        kill(process.processIdentifier, SIGHUP)
        while !output.contains("received SIGHUP"), Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            output += String(decoding: chunk, as: UTF8.self)
        }
        #expect(process.isRunning, "SIGHUP does not stop the daemon")
        #expect(output.contains("received SIGHUP: ignored (it is kept for a configuration reload"), "\(output)")
        process.terminate()
        process.waitUntilExit()
        output += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(output.contains("received SIGTERM, stopping") && output.contains("patchbay daemon stopped"))
        #expect(try home.run("patch", "info", "--server", "ACME-WEB01", "--format", "csv").stdout.contains("KB5033118"))
        _ = simulator
    }
}

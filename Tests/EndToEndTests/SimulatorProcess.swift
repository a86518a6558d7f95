import Foundation

/// The real `wsus-sim` executable on a free loopback port, stopped when released.
final class SimulatorProcess {
    let process = Process()
    let baseURL: String

    init(scenario: String) throws {
        process.executableURL = URL(fileURLWithPath: PatchbayBinary.path).deletingLastPathComponent().appendingPathComponent("wsus-sim")
        process.arguments = ["--scenario", scenario, "--port", "0"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line names the address: "wsus-sim: serving N updates, M computers at http://127.0.0.1:PORT/ApiRemoting30/…"
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let start = text.range(of: "http://"), let end = text.range(of: "/ApiRemoting30") else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "wsus-sim did not start: \(text)"])
        }
        baseURL = String(text[start.lowerBound..<end.lowerBound])
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }
}

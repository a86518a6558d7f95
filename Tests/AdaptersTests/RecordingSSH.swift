import Foundation

/// Stands in for the ssh client: a shell script that keeps what it is sent on standard input. Its `stdin`
/// file exists only if the agent started it.
final class RecordingSSH {
    let folder = NSTemporaryDirectory() + "patchbay-agent-" + UUID().uuidString
    var path: String { folder + "/ssh" }
    var stdinPath: String { folder + "/stdin" }
    var wasStarted: Bool { FileManager.default.fileExists(atPath: stdinPath) }

    init() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "#!/bin/sh\ncat > '\(stdinPath)'\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    func received() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: stdinPath)) }

    deinit { try? FileManager.default.removeItem(atPath: folder) }
}

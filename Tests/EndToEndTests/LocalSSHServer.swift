import Foundation
import TestSupport

/// A real OpenSSH server on a free loopback port, for the current user, with a fresh host key and a fresh
/// client key authorized. Stopped when released.
final class LocalSSHServer {
    let folder: String
    let port: Int
    let user: String
    var clientKey: String { folder + "/client_key" }
    var knownHosts: String { folder + "/known_hosts" }

    /// `forceCommand`: what every login runs instead of a shell (sshd's ForceCommand), as an operator's
    /// account on the management server would be set up for the console.
    init(forceCommand: String? = nil) throws {
        folder = NSTemporaryDirectory() + "patchbay-sshd-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        user = String(cString: getpwuid(getuid()).pointee.pw_name)
        try Self.shell("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", folder + "/host_key"])
        try Self.shell("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", folder + "/client_key"])
        try FileManager.default.copyItem(atPath: folder + "/client_key.pub", toPath: folder + "/authorized_keys")
        port = try Loopback.freePort()
        let hostKey = try String(contentsOfFile: folder + "/host_key.pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        try "[127.0.0.1]:\(port) \(hostKey)\n".write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(folder)/host_key
            PidFile \(folder)/sshd.pid
            AuthorizedKeysFile \(folder)/authorized_keys
            AuthenticationMethods publickey
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            UsePAM no
            StrictModes no
            LogLevel VERBOSE
            \(forceCommand.map { "ForceCommand \($0)\nAllowTcpForwarding no\nAllowAgentForwarding no\nPermitTunnel no\nX11Forwarding no" } ?? "")

            """
        try config.write(toFile: folder + "/sshd_config", atomically: true, encoding: .utf8)
        if getuid() == 0 { try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true) }
        // sshd detaches and writes its pid file; the test process keeps no long-lived child for it.
        try Self.shell("/usr/sbin/sshd", ["-f", folder + "/sshd_config", "-E", folder + "/sshd.log"])
        let deadline = Date().addingTimeInterval(10)
        while !Loopback.accepts(port) {
            guard Date() < deadline else { throw JobHomeError("sshd did not start: \(log)") }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    deinit {
        if let text = try? String(contentsOfFile: folder + "/sshd.pid", encoding: .utf8),
           let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGTERM)
            // sshd deletes its pid file as it exits; removing the folder meanwhile would trip over that.
            let deadline = Date().addingTimeInterval(5)
            while FileManager.default.fileExists(atPath: folder + "/sshd.pid"), Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    var log: String { (try? String(contentsOfFile: folder + "/sshd.log", encoding: .utf8)) ?? "" }

    static func shell(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw JobHomeError("\(executable) failed") }
    }
}

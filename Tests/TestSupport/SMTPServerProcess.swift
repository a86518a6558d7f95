import Foundation

/// A real SMTP server (aiosmtpd, Tests/Interop/smtp_server.py) on a free loopback port, with a test CA,
/// STARTTLS or implicit TLS, AUTH, and recipients it refuses. Every accepted mail lands in `maildir`.
public final class SMTPServerProcess {
    public enum Mode: String { case starttls, tls, plain }

    public let folder: String
    public let port: Int
    public let user = "patchbay"
    public let password = "smtp-Secret-9"
    public var maildir: String { folder + "/maildir" }
    public var caFile: String { folder + "/ca.pem" }
    private var process: Process?
    private let mode: Mode
    private let refuse: [String]

    static let interop = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Interop")

    public init(mode: Mode = .starttls, refuse: [String] = [], port: Int? = nil) throws {
        folder = NSTemporaryDirectory() + "patchbay-smtp-" + UUID().uuidString
        try TestCertificates.make(in: folder)
        self.port = try port ?? Loopback.freePort()
        self.mode = mode
        self.refuse = refuse
        try start()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Starts (again, after `stop`) on the same port and maildir.
    public func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.interop.appendingPathComponent("smtp_server.py").path, "--port", String(port), "--maildir", maildir,
                             "--mode", mode.rawValue, "--cert", folder + "/server.pem", "--key", folder + "/server.key",
                             "--user", user, "--password", password, "--refuse", refuse.joined(separator: ",")]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("ready") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "smtp_server.py did not start"]) }
            text += String(decoding: chunk, as: UTF8.self)
        }
        for _ in 0..<50 where !Loopback.accepts(port) { Thread.sleep(forTimeInterval: 0.05) }
        self.process = process
        // Ready means answering, not only accepting: on a loaded machine the greeting can lag far behind the
        // listen, and that wait belongs to the fixture, not to the client under test.
        if mode != .tls { try awaitGreeting(timeout: 180) }
    }

    private func awaitGreeting(timeout: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var wait = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var buffer = [UInt8](repeating: 0, count: 512)
        guard connected == 0, recv(fd, &buffer, buffer.count, 0) > 3, buffer[0] == UInt8(ascii: "2") else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "smtp_server.py does not greet on port \(port)"])
        }
        _ = "QUIT\r\n".withCString { send(fd, $0, 6, 0) }
    }

    /// Takes the server down (mail to it then fails to connect).
    public func stop() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// The accepted mails, parsed by Python's standard email parser.
    /// Patchbay's `smtp:` and `mail:` sections for this server (STARTTLS, its login, quick retries), with the
    /// password in a private file beside its mail.
    public func patchbaySection() throws -> String {
        let passwordFile = folder + "/smtp.password"
        try (password + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passwordFile)
        return """
            smtp: {host: localhost, port: \(port), security: starttls, username: \(user), password_file: \(passwordFile),
                   from: patchbay@demo.patchbay.example, ca_file: \(caFile)}
            mail: {max_attempts: 2, retry_seconds: 1, poll_seconds: 1}
            """
    }

    public func received() throws -> [[String: String]] {
        guard FileManager.default.fileExists(atPath: maildir) else { return [] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.interop.appendingPathComponent("parse_mail.py").path, maildir]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []).map { $0.compactMapValues { $0 as? String } }
    }
}

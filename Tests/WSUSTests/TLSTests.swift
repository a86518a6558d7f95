import Foundation
import Testing
import WSUS
import WSUSSimulator

/// The adapter over HTTPS: a test CA made with the openssl CLI, socat terminating TLS in front of the
/// simulator (as a TLS-offloading proxy would), NTLM through it.
@Suite("WSUS client over HTTPS", .serialized)
struct TLSTests {
    final class TLSFront {
        let folder = NSTemporaryDirectory() + "patchbay-tls-" + UUID().uuidString
        let socat = Process()
        var port = 0
        var caFile: String { folder + "/ca.pem" }

        init(backendPort: Int) throws {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(toFile: folder + "/san.ext", atomically: true, encoding: .utf8)
            try run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=Patchbay Test CA"])
            try run("/usr/bin/openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"])
            try run("/usr/bin/openssl", ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                                         "-out", "server.pem", "-days", "1", "-extfile", "san.ext"])
            port = try Self.freePort()
            socat.executableURL = URL(fileURLWithPath: "/usr/bin/socat")
            socat.arguments = ["OPENSSL-LISTEN:\(port),bind=127.0.0.1,reuseaddr,fork,cert=\(folder)/server.pem,key=\(folder)/server.key,verify=0",
                               "TCP:127.0.0.1:\(backendPort)"]
            socat.standardError = FileHandle.nullDevice
            try socat.run()
            // Wait until socat listens.
            for _ in 0..<50 where !Self.canConnect(port) { Thread.sleep(forTimeInterval: 0.05) }
        }

        deinit {
            // socat forks a child per connection; SIGKILL ends the listener at once whatever its children do.
            kill(socat.processIdentifier, SIGKILL)
            socat.waitUntilExit()
            try? FileManager.default.removeItem(atPath: folder)
        }

        private func run(_ tool: String, _ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: folder)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "\(tool) \(arguments) failed"]) }
        }

        static func freePort() throws -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            return Int(UInt16(bigEndian: address.sin_port))
        }

        static func canConnect(_ port: Int) -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            } == 0
        }
    }

    func client(port: Int, caFile: String?) throws -> WSUSClient {
        try WSUSClient(settings: WSUSConnectionSettings(
            name: "wsus-tls", baseURL: URL(string: "https://localhost:\(port)")!, username: SimulatorFixture.admin.name,
            password: SimulatorFixture.admin.password, caFile: caFile, timeoutSeconds: 10))
    }

    @Test("with the CA as ca_file the adapter verifies the server and logs in with NTLM over TLS")
    func trusted() async throws {
        let simulator = try await SimulatorFixture.start()
        let front = try TLSFront(backendPort: simulator.port)
        let client = try client(port: front.port, caFile: front.caFile)
        #expect(try await client.serverVersion() == "10.0.26100.1742")
        #expect(try await client.computers().count == 3)
        await simulator.stop()
    }

    @Test("without the CA the certificate is refused with a TLS error that names the fix")
    func untrusted() async throws {
        let simulator = try await SimulatorFixture.start()
        let front = try TLSFront(backendPort: simulator.port)
        let client = try client(port: front.port, caFile: nil)
        do {
            _ = try await client.serverVersion()
            Issue.record("an unknown CA was accepted")
        } catch let error as WSUSError {
            #expect(error.kind == .tls)
            #expect(error.fix.contains("ca_file"))
        }
        await simulator.stop()
    }
}

import Foundation
import TestSupport
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
            try TestCertificates.make(in: folder)
            port = try Loopback.freePort()
            socat.executableURL = URL(fileURLWithPath: "/usr/bin/socat")
            socat.arguments = ["OPENSSL-LISTEN:\(port),bind=127.0.0.1,reuseaddr,fork,cert=\(folder)/server.pem,key=\(folder)/server.key,verify=0",
                               "TCP:127.0.0.1:\(backendPort)"]
            socat.standardError = FileHandle.nullDevice
            try socat.run()
            // Wait until socat listens.
            for _ in 0..<50 where !Loopback.accepts(port) { Thread.sleep(forTimeInterval: 0.05) }
        }

        deinit {
            // socat forks a child per connection; SIGKILL ends the listener at once whatever its children do.
            kill(socat.processIdentifier, SIGKILL)
            socat.waitUntilExit()
            try? FileManager.default.removeItem(atPath: folder)
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

import ArgumentParser
import Foundation
import WSUSSimulator

@main
struct WSUSSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wsus-sim",
        abstract: "Run the Patchbay WSUS simulator: the ApiRemoting30 SOAP protocol with NTLM over HTTP.",
        discussion: """
            Without --scenario it serves the real December 2023 MSRC catalog with no computers. Clients use
            http://HOST:PORT as the WSUS base address. The control API (JSON) is under /control/ on the same port;
            see docs/development.md, "The WSUS simulator".

            Example:
              wsus-sim --scenario scenario.yaml --port 8530
            """)

    @Option(help: "Scenario file (YAML).") var scenario: String?
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8530
    @Flag(help: "Accept any NTLM credentials (demos only).") var acceptAnyCredentials = false

    func run() async throws {
        var loaded: Scenario
        do {
            loaded = try scenario.map { try Scenario.load(path: $0) } ?? Scenario.parse("catalog: {seed: msrc-2023-12}")
        } catch {
            FileHandle.standardError.write(Data("wsus-sim: error: \(error)\n".utf8))
            throw ExitCode(10)
        }
        if acceptAnyCredentials { loaded.settings.acceptAnyCredentials = true }
        let simulator = try await WSUSSimulator.start(data: loaded.data, settings: loaded.settings, host: host, port: port)
        let data = simulator.state.snapshot()
        // Written unbuffered: scripts wait for this line to know the port is open.
        FileHandle.standardOutput.write(Data("wsus-sim: serving \(data.updates.count) updates, \(data.computers.count) computers at \(simulator.baseURL)/ApiRemoting30/WebService.asmx\n".utf8))
        try await simulator.wait()
    }
}

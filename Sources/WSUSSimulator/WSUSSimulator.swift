import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix
import WSUSWire

/// A WSUS you can run: the ApiRemoting30 protocol over HTTP with NTLM, seeded from a scenario.
public final class WSUSSimulator: Sendable {
    public let state: SimulatorState
    public let control: SimulatorControl
    public let settings: SimulatorSettings
    public let port: Int
    public let host: String
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup

    /// The base address clients configure (the ApiRemoting30 path is implied).
    public var baseURL: String { "http://\(host):\(port)" }

    private init(state: SimulatorState, control: SimulatorControl, settings: SimulatorSettings, host: String, port: Int,
                 channel: any Channel, group: MultiThreadedEventLoopGroup) {
        self.state = state
        self.control = control
        self.settings = settings
        self.host = host
        self.port = port
        self.channel = channel
        self.group = group
    }

    /// Starts serving on `host:port` (port 0 picks a free one; loopback by default).
    public static func start(data: WSUSData, settings: SimulatorSettings, host: String = "127.0.0.1", port: Int = 0) async throws -> WSUSSimulator {
        let contract = try WSDLContract.load()
        let state = SimulatorState(data)
        let faults = FaultPlan()
        let control = SimulatorControl(state: state, faults: faults)
        let context = ServerContext(state: state, contract: contract, settings: settings, faults: faults, control: control)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    // gzip/deflate when the client asks for it, as Microsoft's own console does for catalog calls.
                    try channel.pipeline.syncOperations.addHandler(HTTPResponseCompressor())
                    try channel.pipeline.syncOperations.addHandler(ConnectionHandler(server: context))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: host, port: port).get()
            let boundPort = channel.localAddress?.port ?? port
            return WSUSSimulator(state: state, control: control, settings: settings, host: host, port: boundPort, channel: channel, group: group)
        } catch {
            try? await group.shutdownGracefully()
            throw SimulatorError("cannot listen on \(host):\(port): \(error)")
        }
    }

    public func stop() async {
        try? await channel.close().get()
        try? await group.shutdownGracefully()
    }

    /// Blocks until the server channel closes (for the `wsus-sim` executable).
    public func wait() async throws {
        try await channel.closeFuture.get()
    }
}

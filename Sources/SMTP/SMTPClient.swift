import Foundation
import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL

/// A small SMTP client (RFC 5321) on SwiftNIO: EHLO, STARTTLS or implicit TLS, AUTH PLAIN/LOGIN, and any
/// number of mails over one connection. A refused recipient fails only its own mail.
public struct SMTPClient: Sendable {
    public let settings: SMTPSettings

    public init(settings: SMTPSettings) {
        self.settings = settings
    }

    /// Sends the messages in order; the result of each, in the same order. A failure of the connection
    /// itself (unreachable, TLS, authentication, timeout) is the result of every message not yet sent.
    public func send(_ messages: [SMTPMessage]) async -> [Result<Void, SMTPFailure>] {
        // A loop of its own: the process's shared loops may be busy (an in-process simulator, the CMDB), and a
        // mail conversation must not wait behind them until its read timeout fires.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { group.shutdownGracefully { _ in } }
        var results: [Result<Void, SMTPFailure>] = []
        do {
            let channel = try await connect(on: group)
            let conversation = Conversation(settings: settings, channel: channel)
            try await channel.executeThenClose { inbound, outbound in
                var lines = inbound.makeAsyncIterator()
                var session = Session(settings: settings, conversation: conversation, outbound: outbound)
                try await session.open(&lines)
                for message in messages {
                    do {
                        try await session.deliver(message, &lines)
                        results.append(.success(()))
                    } catch let failure as SMTPFailure where failure.kind == .recipientRefused || failure.kind == .rejected {
                        results.append(.failure(failure))
                        try await session.reset(&lines)
                    }
                }
                try? await session.quit(&lines)
            }
        } catch {
            let failure = error as? SMTPFailure ?? SMTPFailure(.connection, permanent: false,
                                                               "cannot talk to the SMTP server \(settings.host):\(settings.port): \(error)",
                                                               fix: "check smtp.host and smtp.port and that the server runs")
            while results.count < messages.count { results.append(.failure(failure)) }
        }
        return results
    }

    private func connect(on group: MultiThreadedEventLoopGroup) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        let settings = settings
        let tls = settings.security == .tls ? try Conversation.tlsContext(settings) : nil
        do {
            return try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(Int64(settings.timeoutSeconds)))
                .connect(host: settings.host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls.context, serverHostname: tls.hostname)) }
                        if settings.security == .starttls { try channel.pipeline.syncOperations.addHandler(StartTLSGuard()) }
                        try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: .seconds(Int64(settings.timeoutSeconds))))
                        try channel.pipeline.syncOperations.addHandler(CloseWhenIdle())
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPFailure(.connection, permanent: false, "cannot connect to the SMTP server \(settings.host):\(settings.port): \(error)",
                              fix: "check smtp.host and smtp.port, and that the server runs and is reachable")
        }
    }
}

/// Closes the connection when the server has been silent for the configured time, so no read waits forever.
final class CloseWhenIdle: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent { context.close(promise: nil) } else { context.fireUserInboundEventTriggered(event) }
    }
}

/// The TLS pieces of a connection.
struct Conversation: Sendable {
    let settings: SMTPSettings
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    struct TLS: Sendable {
        var context: NIOSSLContext
        /// SNI and name checks need a host name; an IP address is checked against the certificate's IP entries.
        var hostname: String?
    }

    static func tlsContext(_ settings: SMTPSettings) throws -> TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = settings.caFile {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw SMTPFailure(.tls, permanent: false, "cannot read the SMTP CA file \(caFile): \(error)", fix: "point smtp.ca_file at a PEM certificate")
            }
        }
        do {
            let hostname = settings.host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : settings.host
            return TLS(context: try NIOSSLContext(configuration: configuration), hostname: hostname)
        } catch {
            throw SMTPFailure(.tls, permanent: false, "cannot set up TLS for \(settings.host): \(error)", fix: "check smtp.ca_file")
        }
    }

    /// Puts TLS in front of everything else, for STARTTLS; refuses when the server sent more plaintext than the
    /// `read` lines the session consumed, which would otherwise be read as the encrypted session's first answers.
    func upgrade(read: Int) async throws {
        let tls = try Self.tlsContext(settings)
        let channel = channel.channel
        let host = settings.host
        try await channel.eventLoop.submit {
            let pipeline = channel.pipeline.syncOperations
            let watcher = try pipeline.handler(type: StartTLSGuard.self)
            guard watcher.lines == read && watcher.partial == 0 else {
                let extra = watcher.lines > read ? "\(watcher.lines - read) more lines" : "\(watcher.partial) more bytes"
                throw SMTPFailure(.tls, permanent: false,
                                  "\(host) sent \(extra) in plaintext around STARTTLS than it was asked for; they would have been read as "
                                  + "answers inside the encrypted session, so the session was ended",
                                  fix: "look for a man in the middle between Patchbay and \(host), or a broken STARTTLS in the server")
            }
            pipeline.removeHandler(watcher, promise: nil)
            try pipeline.addHandler(NIOSSLClientHandler(context: tls.context, serverHostname: tls.hostname), position: .first)
        }.get()
    }
}

/// One SMTP conversation over an open connection.
struct Session {
    let settings: SMTPSettings
    let conversation: Conversation
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    /// Lines read so far, for StartTLSGuard's count.
    var linesRead = 0

    struct Reply {
        var code: Int
        var lines: [String]
        var text: String { lines.joined(separator: " ") }
    }

    /// Greeting, EHLO, STARTTLS when configured, AUTH when credentials are configured.
    mutating func open(_ lines: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) async throws {
        let greeting = try await read(&lines, during: "the greeting")
        guard greeting.code == 220 else { throw protocolFailure("greeted with \(greeting.code) \(greeting.text)") }
        var capabilities = try await ehlo(&lines)
        if settings.security == .starttls {
            guard capabilities.contains("STARTTLS") else {
                throw SMTPFailure(.tls, permanent: false, "\(settings.host) does not offer STARTTLS, and smtp.security is starttls",
                                  fix: "use a server that offers STARTTLS, security: tls for port 465, or security: none for a local relay")
            }
            let ready = try await command("STARTTLS", &lines)
            guard ready.code == 220 else { throw SMTPFailure(.tls, permanent: false, "STARTTLS was refused: \(ready.code) \(ready.text)", fix: "check the server's TLS setup") }
            try await conversation.upgrade(read: linesRead)
            do {
                capabilities = try await ehlo(&lines)
            } catch {
                // The handshake's failure closes the channel; what surfaces is that closed channel.
                throw SMTPFailure(.tls, permanent: false, "the TLS handshake with \(settings.host) failed (\(error))",
                                  fix: "check that smtp.ca_file holds the CA that signed the server's certificate and that smtp.host matches it")
            }
        }
        if let username = settings.username, let password = settings.password {
            try await authenticate(username, password, capabilities, &lines)
        }
    }

    mutating func deliver(_ message: SMTPMessage, _ lines: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) async throws {
        let from = try await command("MAIL FROM:<\(message.from)>", &lines)
        guard from.code == 250 else { throw refusal(.rejected, from, "the sender \(message.from)", fix: "check smtp.from") }
        let recipient = try await command("RCPT TO:<\(message.to)>", &lines)
        guard recipient.code == 250 || recipient.code == 251 else {
            throw refusal(.recipientRefused, recipient, "the recipient \(message.to)", fix: "check the user's e-mail address")
        }
        let data = try await command("DATA", &lines)
        guard data.code == 354 else { throw refusal(.rejected, data, "DATA", fix: "check the server's log") }
        try await outbound.write(ByteBuffer(string: message.rendered() + ".\r\n"))
        let accepted = try await read(&lines, during: "the end of the message")
        guard accepted.code == 250 else { throw refusal(.rejected, accepted, "the message to \(message.to)", fix: "check the server's log") }
    }

    mutating func reset(_ lines: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) async throws {
        _ = try await command("RSET", &lines)
    }

    mutating func quit(_ lines: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) async throws {
        _ = try await command("QUIT", &lines)
    }

    private mutating func ehlo(_ lines: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) async throws -> Set<String> {
        let reply = try await command("EHLO \(settings.heloName)", &lines)
        guard reply.code == 250 else { throw protocolFailure("EHLO answered \(reply.code) \(reply.text)") }
        var capabilities = Set<String>()
        for line in reply.lines.dropFirst() {
            let words = line.uppercased().split(separator: " ").map(String.init)
            guard let keyword = words.first else { continue }
            capabilities.insert(keyword)
            if keyword == "AUTH" { for mechanism in words.dropFirst() { capabilities.insert("AUTH=" + mechanism) } }
        }
        return capabilities
    }

    private mutating func authenticate(_ username: String, _ password: String, _ capabilities: Set<String>,
                                       _ lines: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) async throws {
        let reply: Reply
        if capabilities.contains("AUTH=PLAIN") {
            let token = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
            reply = try await command("AUTH PLAIN \(token)", &lines, secret: true)
        } else if capabilities.contains("AUTH=LOGIN") {
            let first = try await command("AUTH LOGIN", &lines)
            guard first.code == 334 else { throw authFailure(first) }
            let second = try await command(Data(username.utf8).base64EncodedString(), &lines, secret: true)
            guard second.code == 334 else { throw authFailure(second) }
            reply = try await command(Data(password.utf8).base64EncodedString(), &lines, secret: true)
        } else {
            throw SMTPFailure(.authentication, permanent: false, "\(settings.host) offers neither AUTH PLAIN nor AUTH LOGIN"
                              + (settings.security == .none ? " (many servers offer AUTH only after STARTTLS)" : ""),
                              fix: "use security: starttls or tls, or leave out smtp.username for a server without authentication")
        }
        guard reply.code == 235 else { throw authFailure(reply) }
    }

    private func authFailure(_ reply: Reply) -> SMTPFailure {
        SMTPFailure(.authentication, permanent: false, "the SMTP server refused the login of '\(settings.username ?? "")': \(reply.code) \(reply.text)",
                    fix: "check smtp.username and the password in smtp.password_file")
    }

    private func refusal(_ kind: SMTPFailure.Kind, _ reply: Reply, _ what: String, fix: String) -> SMTPFailure {
        SMTPFailure(kind, permanent: reply.code >= 500, "the SMTP server refused \(what): \(reply.code) \(reply.text)", fix: fix)
    }

    private func protocolFailure(_ text: String) -> SMTPFailure {
        SMTPFailure(.protocolError, permanent: false, "the SMTP server \(settings.host) \(text)", fix: "check smtp.host and smtp.port (and smtp.security)")
    }

    /// Sends one command line; `secret` keeps credentials out of every message.
    private mutating func command(_ line: String, _ lines: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
                                  secret: Bool = false) async throws -> Reply {
        let step = secret ? "authentication" : line.split(separator: " ").first.map(String.init) ?? line
        do {
            try await outbound.write(ByteBuffer(string: line + "\r\n"))
        } catch {
            // The server (or the idle timeout) closed the connection while we waited for our turn.
            throw SMTPFailure(.connection, permanent: false, "\(settings.host) closed the connection before \(step) (\(error))",
                              fix: "check the server's log, or raise smtp.timeout_seconds if it is slow to answer")
        }
        return try await read(&lines, during: step)
    }

    /// One reply, possibly of several lines ("250-…" continues, "250 …" ends).
    private mutating func read(_ lines: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, during step: String) async throws -> Reply {
        var collected: [String] = []
        while true {
            let next: ByteBuffer?
            do {
                next = try await lines.next()
            } catch {
                throw SMTPFailure(settings.security == .none ? .connection : .tls, permanent: false,
                                  "the connection to \(settings.host) failed during \(step): \(error)",
                                  fix: "check the server's TLS certificate against smtp.ca_file, and that smtp.host names it")
            }
            guard let buffer = next else {
                throw SMTPFailure(.timeout, permanent: false,
                                  "\(settings.host) closed the connection or did not answer within \(settings.timeoutSeconds) s during \(step)",
                                  fix: "check the server, or raise smtp.timeout_seconds")
            }
            linesRead += 1
            let line = String(buffer: buffer)
            collected.append(line.count > 4 ? String(line.dropFirst(4)) : "")
            guard line.count >= 3, let code = Int(line.prefix(3)) else { throw protocolFailure("sent '\(line)', which is not an SMTP reply") }
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " {
                return Reply(code: code, lines: collected)
            }
        }
    }
}

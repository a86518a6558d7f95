import Foundation
import NIOCore
import NIOHTTP1
import WSUSWire

/// Everything a connection needs from its server; shared by all connections.
struct ServerContext: Sendable {
    let state: SimulatorState
    let contract: WSDLContract
    let settings: SimulatorSettings
    let faults: FaultPlan
    let control: SimulatorControl
}

/// One TCP connection. It owns the NTLM exchange, because NTLM authenticates the connection: once the
/// AUTHENTICATE message checks out, later requests on the same socket need no header (docs/wsus-protocol.md §3.1).
final class ConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: ServerContext
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var ntlm: NTLMServer
    private var authenticatedUser: SimUser?

    init(server: ServerContext) {
        self.server = server
        self.ntlm = NTLMServer(domain: server.settings.domain)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            self.head = nil
            handle(context: context, head: head, body: Data(body.readableBytesView))
        }
    }

    private func handle(context: ChannelHandlerContext, head: HTTPRequestHead, body: Data) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        if head.method == .POST && path == "/control/fleet/install" {
            let (delay, run) = ControlAPI.fleetInstall(control: server.control, state: server.state, body: body)
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let nanos = Int64(delay.components.seconds) * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanos)) {
                let reply = run()
                let (handler, context) = bound.value
                handler.respond(context, head, status: reply.status, contentType: "application/json", body: reply.body)
            }
            return
        }
        if path.hasPrefix("/control/") {
            let reply = ControlAPI(control: server.control, state: server.state).handle(method: head.method, path: path, body: body)
            respond(context, head, status: reply.status, contentType: "application/json", body: reply.body)
            return
        }
        guard path.caseInsensitiveCompare(WSUSNamespace.servicePath) == .orderedSame else {
            respond(context, head, status: .notFound, contentType: "text/plain", body: "Not found: \(path)\n")
            return
        }
        if server.settings.sslRequired {
            respond(context, head, status: .forbidden, contentType: "text/html", body: "<h1>403.4 - SSL required</h1>")
            return
        }
        guard let user = authenticate(context, head) else { return }
        if user.role == .none {
            respond(context, head, status: .forbidden, contentType: "text/html", body: "<h1>403 - Forbidden: not a member of WSUS Administrators or WSUS Reporters</h1>")
            return
        }
        if head.method == .GET, head.uri.lowercased().hasSuffix("?wsdl") {
            let host = head.headers.first(name: "Host") ?? "127.0.0.1"
            respond(context, head, status: .ok, contentType: "text/xml; charset=utf-8", body: server.contract.document(forHost: host, scheme: "http"))
            return
        }
        guard head.method == .POST else {
            respond(context, head, status: .methodNotAllowed, contentType: "text/plain", body: "Use POST for SOAP requests.\n")
            return
        }
        if body.isEmpty {
            // An authentication leg without a body (libcurl sends the NEGOTIATE this way) is answered with an empty 200.
            respond(context, head, status: .ok, contentType: "text/xml; charset=utf-8", body: "")
            return
        }
        guard let request = SOAPRequest.parse(body) else {
            respond(context, head, status: .badRequest, contentType: "text/xml; charset=utf-8",
                    body: SOAPEnvelope.fault(type: "System.Xml.XmlException", message: "The request is not a well-formed SOAP envelope."))
            return
        }
        if request.namespace != WSUSNamespace.api {
            respond(context, head, status: .internalServerError, contentType: "text/xml; charset=utf-8",
                    body: SOAPEnvelope.fault(type: "System.Web.Services.Protocols.SoapException",
                                             message: "Server did not recognize the value of HTTP Header SOAPAction: \(request.operation) in namespace \(request.namespace)."))
            return
        }
        let result = Operations(state: server.state, contract: server.contract, role: user.role, settings: server.settings).perform(request)
        let (status, text): (HTTPResponseStatus, String)
        switch result {
        case .body(let xml): (status, text) = (.ok, xml)
        case .fault(let type, let message): (status, text) = (.internalServerError, SOAPEnvelope.fault(type: type, message: message))
        }
        deliver(context, head, operation: request.operation, status: status, body: text)
    }

    /// Applies an injected fault, if one is planned for this operation, on the way out.
    private func deliver(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, operation: String, status: HTTPResponseStatus, body: String) {
        guard let fault = server.faults.take(for: operation) else {
            respond(context, head, status: status, contentType: "text/xml; charset=utf-8", body: body)
            return
        }
        switch fault.kind {
        case .latency:
            let loop = context.eventLoop.assumeIsolated()
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            loop.scheduleTask(in: TimeAmount.nanoseconds(Int64(fault.latency.components.seconds) * 1_000_000_000 + fault.latency.components.attoseconds / 1_000_000_000)) {
                let (handler, context) = bound.value
                handler.respond(context, head, status: status, contentType: "text/xml; charset=utf-8", body: body)
            }
        case .http500:
            respond(context, head, status: .internalServerError, contentType: "text/html", body: "<h1>500 - Internal server error.</h1>")
        case .malformed:
            respond(context, head, status: .ok, contentType: "text/xml; charset=utf-8", body: String(body.prefix(body.count / 2)) + "<<<not xml")
        case .drop:
            var headers = HTTPHeaders([("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", String(body.utf8.count))])
            headers.add(name: "Connection", value: "keep-alive")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
            let half = context.channel.allocator.buffer(string: String(body.prefix(body.count / 2)))
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(half))), promise: nil)
            context.close(promise: nil)
        case .timeout:
            break // say nothing; the client must give up on its own
        case .mutate:
            respond(context, head, status: status, contentType: "text/xml; charset=utf-8", body: ResponseMutation.apply(body, seed: fault.seed))
        }
    }

    /// The NTLM / Negotiate exchange. Returns the user once the connection is authenticated; otherwise it
    /// has already answered (401 with a challenge, or 401 rejected) and returns nil.
    private func authenticate(_ context: ChannelHandlerContext, _ head: HTTPRequestHead) -> SimUser? {
        if let authenticatedUser { return authenticatedUser }
        let header = head.headers.first(name: "Authorization") ?? ""
        let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["ntlm", "negotiate"].contains(parts[0].lowercased()) else {
            var headers = HTTPHeaders()
            headers.add(name: "WWW-Authenticate", value: "Negotiate")
            headers.add(name: "WWW-Authenticate", value: "NTLM")
            respond(context, head, status: .unauthorized, contentType: "text/html", body: "<h1>401 - Unauthorized</h1>", extraHeaders: headers)
            return nil
        }
        let settings = server.settings
        let outcome = ntlm.handle(token: parts[1], acceptAny: settings.acceptAnyCredentials) { domain, name in
            settings.user(domain: domain, name: name)?.password
        }
        switch outcome {
        case .challenge(let token):
            var headers = HTTPHeaders()
            headers.add(name: "WWW-Authenticate", value: "\(parts[0]) \(token)")
            respond(context, head, status: .unauthorized, contentType: "text/html", body: "", extraHeaders: headers)
            return nil
        case .authenticated(let name):
            let components = name.split(separator: "\\", maxSplits: 1).map(String.init)
            let user = settings.user(domain: components.count == 2 ? components[0] : "", name: components.last ?? name)
                ?? SimUser(name: name, password: "", role: settings.acceptAnyCredentials ? .administrator : .none)
            authenticatedUser = user
            return user
        case .rejected:
            var headers = HTTPHeaders()
            headers.add(name: "WWW-Authenticate", value: "Negotiate")
            headers.add(name: "WWW-Authenticate", value: "NTLM")
            respond(context, head, status: .unauthorized, contentType: "text/html", body: "<h1>401 - Unauthorized: Access is denied due to invalid credentials.</h1>",
                    extraHeaders: headers)
            return nil
        }
    }

    fileprivate func respond(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, status: HTTPResponseStatus, contentType: String,
                             body: String, extraHeaders: HTTPHeaders = [:]) {
        var headers = extraHeaders
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        headers.add(name: "Server", value: "Microsoft-IIS/10.0 (Patchbay WSUS simulator)")
        let keepAlive = head.isKeepAlive
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        if !body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            done.whenComplete { _ in bound.value.close(promise: nil) }
        }
    }
}

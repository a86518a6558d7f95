import NIOCore

/// Watches the plaintext between our STARTTLS and the TLS handshake. A server (or a man in the middle) that
/// sends anything after its `220` reply would have those bytes buffered and read as the first answers of the
/// encrypted session (the STARTTLS command injection of CVE-2011-0411), so any such byte ends the session.
/// It sits first in the pipeline, where it sees the raw bytes before any line decoding.
final class StartTLSGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private var watching = false
    private var line: [UInt8] = []
    private var replyEnded = false
    private(set) var bytesAfterReply = 0

    /// From now on, counts what arrives after the end of the next reply.
    func watch() {
        watching = true
        line = []
        replyEnded = false
        bytesAfterReply = 0
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if watching {
            for byte in unwrapInboundIn(data).readableBytesView {
                if replyEnded {
                    bytesAfterReply += 1
                    continue
                }
                line.append(byte)
                guard byte == UInt8(ascii: "\n") else { continue }
                // "220-…" continues a reply, "220 …" (or a bare code) ends it.
                if line.count < 4 || line[3] != UInt8(ascii: "-") { replyEnded = true }
                line = []
            }
        }
        context.fireChannelRead(data)
    }
}

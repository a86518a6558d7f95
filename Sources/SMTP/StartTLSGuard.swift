import NIOCore

/// Counts the plaintext lines the server sent, from the first byte of the connection, before any line
/// decoding. At STARTTLS the session compares it with the lines it has read: anything more (lines sent with
/// the EHLO answer or after the `220`, even a part of a line) is waiting in a buffer to be read as the first
/// answers of the encrypted session, the STARTTLS command injection of CVE-2011-0411, so the session ends.
final class StartTLSGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private(set) var lines = 0
    /// Bytes after the last line break.
    private(set) var partial = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        for byte in unwrapInboundIn(data).readableBytesView {
            if byte == UInt8(ascii: "\n") {
                lines += 1
                partial = 0
            } else {
                partial += 1
            }
        }
        context.fireChannelRead(data)
    }
}

import CSignals
import Foundation

/// Catches signals with a real, async-signal-safe handler (CSignals): the handler only records the signal and
/// writes a byte to a pipe, which the program polls like any other input. A signal can thus arrive at any
/// moment, before the first frame or between two polls, and is never lost or left to a default action that
/// would skip restoring the terminal or finishing a transaction. One catcher per process (the handler is
/// process-wide); the last one made receives the signals.
public final class SignalCatcher: Sendable {
    /// Readable when a signal has arrived.
    public let readFD: Int32
    private let writeFD: Int32

    public init(_ signals: [Int32]) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw PatchbayError(.unexpected, "cannot make a pipe for signals: \(String(cString: strerror(errno)))") }
        readFD = fds[0]
        writeFD = fds[1]
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        guard pb_signals_install(writeFD, signals, Int32(signals.count)) == 0 else {
            throw PatchbayError(.unexpected, "cannot install the signal handler: \(String(cString: strerror(errno)))")
        }
    }

    /// The most recent signal caught, or nil.
    public var received: Int32? {
        let last = pb_signals_last()
        return last == 0 ? nil : last
    }

    /// Empties the pipe after a poll saw it readable.
    public func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readFD, &buffer, buffer.count) > 0 {}
    }

    /// Blocks the calling thread until the next signal (each one caught is one byte in the pipe); returns it.
    public func next() -> Int32 {
        var fds = [pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)]
        var byte: UInt8 = 0
        while read(readFD, &byte, 1) != 1 { _ = poll(&fds, 1, 1000) }
        return Int32(byte)
    }

    /// Calls `handle` on a thread of its own for every signal caught, for as long as the process runs.
    public func forEach(_ handle: @escaping @Sendable (Int32) -> Void) {
        let thread = Thread { while true { handle(self.next()) } }
        thread.name = "patchbay-signals"
        thread.start()
    }

    public static func name(_ number: Int32) -> String {
        switch number {
        case SIGTERM: return "SIGTERM"
        case SIGINT: return "SIGINT"
        case SIGHUP: return "SIGHUP"
        default: return "signal \(number)"
        }
    }
}

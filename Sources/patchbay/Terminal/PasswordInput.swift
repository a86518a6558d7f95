import CSignals
import Foundation
import PatchbayCore

/// Reads a new password without it ever appearing in argv, the shell history or on screen.
enum PasswordInput {
    static func read(fromStandardInput: Bool, userID: String) throws -> String {
        if fromStandardInput {
            guard let line = readLine(strippingNewline: true) else {
                throw PatchbayError.badArguments("--password-stdin was given but standard input is empty",
                                                 fix: "pipe the password in, e.g. printf '%s\\n' \"$PW\" | patchbay user add ... --password-stdin")
            }
            return line.hasSuffix("\r") ? String(line.dropLast()) : line
        }
        let first = try prompt("Password for \(userID): ")
        let second = try prompt("Repeat the password: ")
        guard first == second else {
            throw PatchbayError.badArguments("the two passwords differ", fix: "run the command again and type the same password twice")
        }
        return first
    }

    private static func prompt(_ text: String) throws -> String {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else {
            throw PatchbayError.badArguments("there is no terminal to read the password from",
                                             fix: "use --password-stdin and pipe the password in")
        }
        defer { close(fd) }
        var settings = termios()
        // Echo comes back even if the operator presses Ctrl-C (or the session ends) at the prompt; the handler
        // that does it is C (CSignals), as only async-signal-safe calls may run in one.
        let isTerminal = tcgetattr(fd, &settings) == 0 && pb_echo_guard_install(fd) == 0
        if isTerminal {
            settings.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(fd, TCSAFLUSH, &settings)
        }
        // The prompt comes only once echo is off, so whatever is typed after it is kept and never shown.
        _ = text.withCString { write(fd, $0, strlen($0)) }
        defer {
            if isTerminal {
                pb_echo_guard_remove()
                _ = "\n".withCString { write(fd, $0, 1) }
            }
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while Foundation.read(fd, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
            if byte != UInt8(ascii: "\r") { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

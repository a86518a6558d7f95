import Foundation
import PatchbayCore

/// Reads a new password without it ever appearing in argv, the shell history or on screen.
enum PasswordInput {
    nonisolated(unsafe) private static var savedTerminal = termios()
    nonisolated(unsafe) private static var terminalFD: Int32 = -1

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
        let isTerminal = tcgetattr(fd, &settings) == 0
        if isTerminal {
            savedTerminal = settings
            terminalFD = fd
            // Restore echo even if the operator presses Ctrl-C at the prompt.
            signal(SIGINT) { _ in
                tcsetattr(PasswordInput.terminalFD, TCSAFLUSH, &PasswordInput.savedTerminal)
                _exit(130)
            }
            settings.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(fd, TCSAFLUSH, &settings)
        }
        // The prompt comes only once echo is off, so whatever is typed after it is kept and never shown.
        _ = text.withCString { write(fd, $0, strlen($0)) }
        defer {
            if isTerminal {
                tcsetattr(fd, TCSANOW, &savedTerminal)
                signal(SIGINT, SIG_DFL)
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

import Foundation

enum TerminalSize {
    /// The width tables must fit: the terminal's when stdout is one, else $COLUMNS, else no limit
    /// (so a pipe into another program gets whole values).
    static func columns() -> Int? {
        if isatty(STDOUT_FILENO) == 1 {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        }
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
        return nil
    }
}

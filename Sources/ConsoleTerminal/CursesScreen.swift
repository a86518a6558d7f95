import CCurses
import Console
import Foundation
import PatchbayCore

/// The terminal under curses: set up with newterm (an unknown TERM is a clear error, not an exit), drawn
/// from canvases cell by cell so ncurses sends only what changed, and restored on every way out.
final class CursesScreen {
    private var screen: OpaquePointer?
    private let colors: Bool
    private var roles: [StyleRole: (attr_t, Int16)] = [:]

    init(noColor: Bool) throws {
        if setlocale(LC_ALL, "") == nil || !String(cString: nl_langinfo(nl_item(CODESET))).uppercased().contains("UTF-8") {
            setlocale(LC_ALL, "C.UTF-8")
        }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        guard !term.isEmpty, let screen = newterm(nil, pb_stdout(), pb_stdin()) else {
            throw PatchbayError.badArguments("the terminal type '\(term)' is unknown here",
                                             fix: "set TERM to xterm-256color, screen-256color, tmux-256color, vt100 or linux")
        }
        self.screen = screen
        set_term(screen)
        cbreak()
        noecho()
        nonl()
        keypad(pb_stdscr(), true)
        nodelay(pb_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        colors = !noColor && has_colors()
        if colors {
            start_color()
            use_default_colors()
        }
        setUpRoles()
    }

    private func setUpRoles() {
        let bold = pb_a_bold(), reverse = pb_a_reverse(), dim = pb_a_dim(), normal = pb_a_normal(), underline = pb_a_underline()
        let palette: [(StyleRole, Int16, attr_t, attr_t)] = [
            // role, foreground colour, attributes with colour, attributes in mono
            (.normal, -1, normal, normal), (.title, Int16(COLOR_CYAN), bold, bold), (.border, Int16(COLOR_BLUE), normal, normal),
            (.hint, Int16(COLOR_BLACK), reverse, reverse), (.selection, Int16(COLOR_BLUE), reverse, reverse),
            (.input, Int16(COLOR_YELLOW), underline, underline), (.error, Int16(COLOR_RED), bold, bold), (.muted, -1, dim, dim),
            (.critical, Int16(COLOR_RED), bold, bold), (.important, Int16(COLOR_YELLOW), bold, normal), (.moderate, Int16(COLOR_CYAN), normal, normal),
            (.low, Int16(COLOR_GREEN), normal, normal), (.success, Int16(COLOR_GREEN), bold, bold), (.warning, Int16(COLOR_YELLOW), bold, bold),
        ]
        for (index, entry) in palette.enumerated() {
            if colors {
                let pair = Int16(index + 1)
                init_pair(pair, entry.1, -1)
                roles[entry.0] = (entry.2, pair)
            } else {
                roles[entry.0] = (entry.3, 0)
            }
        }
    }

    var size: (width: Int, height: Int) { (Int(pb_cols()), Int(pb_lines())) }

    /// Draws the canvas; ncurses compares with what the terminal shows and sends only the difference.
    func draw(_ canvas: Canvas) {
        let (width, height) = size
        for row in 0..<min(height, canvas.height) {
            for column in 0..<min(width, canvas.width) {
                let cell = canvas.cell(row: row, column: column)
                if cell.text.isEmpty { continue }
                let (attrs, pair) = roles[cell.role] ?? (pb_a_normal(), 0)
                var wide = Array(cell.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }) + [0]
                _ = pb_put_cell(Int32(row), Int32(column), &wide, attrs, pair)
            }
        }
        wnoutrefresh(pb_stdscr())
        doupdate()
    }

    /// The next key, or nil when none is waiting; a resize comes back as `resized`.
    func nextKey(resized: inout Bool) -> Key?? {
        var character: wint_t = 0
        let result = wget_wch(pb_stdscr(), &character)
        if result == pb_err() { return nil }
        if result == KEY_CODE_YES {
            if Int32(character) == pb_key_resize() { resized = true; return .some(nil) }
            return .some(KeyDecoder.key(code: Int32(character)))
        }
        return .some(KeyDecoder.key(character: UInt32(character)))
    }

    func restore() {
        guard let screen else { return }
        endwin()
        delscreen(screen)
        self.screen = nil
    }

    deinit { restore() }
}

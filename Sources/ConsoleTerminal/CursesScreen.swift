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
    private var theme = Theme(name: "", styles: [:])

    init(theme: Theme) throws {
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
        colors = has_colors()
        if colors {
            start_color()
            use_default_colors()
        }
        apply(theme)
    }

    /// Whether the terminal can show colours at all (else every theme is drawn as mono).
    var hasColors: Bool { colors }

    var themeName: String { theme.name }

    /// Takes a theme's styles and glyphs; the next draw repaints every cell whose look changed.
    func apply(_ theme: Theme) {
        self.theme = theme
        let palette = Int(pb_colors())
        for (index, role) in StyleRole.allCases.enumerated() {
            let style = theme.style(role)
            var attributes = pb_a_normal()
            if style.bold { attributes |= pb_a_bold() }
            if style.dim { attributes |= pb_a_dim() }
            if style.reverse { attributes |= pb_a_reverse() }
            if style.underline { attributes |= pb_a_underline() }
            var pair: Int16 = 0
            if colors && style.usesColor {
                pair = Int16(index + 1)
                init_pair(pair, Self.number(style.foreground, palette: palette), Self.number(style.background, palette: palette))
            }
            roles[role] = (attributes, pair)
        }
    }

    /// A theme colour on this terminal: bright colours fall back to their base on 8-colour terminals.
    static func number(_ color: Theme.Color, palette: Int) -> Int16 {
        switch color {
        case .terminalDefault: return -1
        case .indexed(let n): return Int16(n < palette ? n : (n < 16 ? n - 8 : n % 8))
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
                let text = cell.role == .border ? theme.glyph(cell.text) : cell.text
                var wide = Array(text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }) + [0]
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

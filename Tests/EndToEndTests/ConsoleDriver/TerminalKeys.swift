import Console

/// What a terminal sends for a key (xterm's keypad mode, the sequences its terminfo entry names, which the
/// console's curses decodes).
enum TerminalKeys {
    static func bytes(_ key: Key) -> String {
        switch key {
        case .character(let c): return String(c)
        case .up: return "\u{1b}OA"
        case .down: return "\u{1b}OB"
        case .right: return "\u{1b}OC"
        case .left: return "\u{1b}OD"
        case .home: return "\u{1b}OH"
        case .end: return "\u{1b}OF"
        case .pageUp: return "\u{1b}[5~"
        case .pageDown: return "\u{1b}[6~"
        case .enter: return "\r"
        case .escape: return "\u{1b}"
        case .tab: return "\t"
        case .backTab: return "\u{1b}[Z"
        case .backspace: return "\u{7f}"
        case .function(let n):
            let codes = [1: "\u{1b}OP", 2: "\u{1b}OQ", 3: "\u{1b}OR", 4: "\u{1b}OS", 5: "\u{1b}[15~", 6: "\u{1b}[17~", 7: "\u{1b}[18~",
                         8: "\u{1b}[19~", 9: "\u{1b}[20~", 10: "\u{1b}[21~", 11: "\u{1b}[23~", 12: "\u{1b}[24~"]
            return codes[n] ?? ""
        }
    }
}

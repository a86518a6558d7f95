import CCurses
import Console
import PatchbayCore

/// curses' key codes (from get_wch) as console keys. A character a terminal would act on (C1 such as U+009B,
/// bidi overrides) is no key: it never becomes typed text in a field, a filter or an audit record.
enum KeyDecoder {
    static func key(character: UInt32) -> Key? {
        switch character {
        case 10, 13: return .enter
        case 27: return .escape
        case 9: return .tab
        case 8, 127: return .backspace
        default:
            guard let scalar = Unicode.Scalar(character), !VisibleText.isUnsafe(scalar) else { return nil }
            return .character(Character(scalar))
        }
    }

    static func key(code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(code - KEY_F0))
        default: return nil
        }
    }
}

/// Text from another machine (a WSUS row), shown to an operator in a message or a record. It may hold
/// terminal escapes or bidirectional overrides meant to hide what it says, so those are shown as escapes.
public enum UntrustedText {
    /// `'value'`: control and format characters written as `\u{1B}`, cut to `width` columns with "…".
    public static func quoted(_ text: String, width: Int = 48) -> String {
        var visible = ""
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator:
                visible += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default:
                visible.unicodeScalars.append(scalar)
            }
        }
        return "'" + DisplayWidth.truncate(visible, to: width) + "'"
    }
}

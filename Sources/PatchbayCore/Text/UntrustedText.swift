/// Text from another machine (a WSUS row), quoted inside a message or a record of ours.
public enum UntrustedText {
    /// `'value'`, made visible (VisibleText) and cut to `width` columns with "…".
    public static func quoted(_ text: String, width: Int = 48) -> String {
        "'" + DisplayWidth.truncate(VisibleText.escaped(text), to: width) + "'"
    }
}

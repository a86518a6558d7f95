import PatchbayCore

/// The login screen: user id and password (never shown), product, version and what it talks to.
public struct LoginScreen: Sendable, Hashable {
    public enum Field: Sendable, Hashable { case userID, password }

    public enum Effect: Sendable, Hashable {
        case submit(userID: String, password: String)
        case quit
    }

    public struct Header: Sendable, Hashable {
        public var product: String
        public var version: String
        public var cmdb: String
        public var wsus: String
        /// A line under the form, e.g. the demo's logins.
        public var note: String

        public init(product: String, version: String, cmdb: String, wsus: String, note: String = "") {
            self.product = product
            self.version = version
            self.cmdb = cmdb
            self.wsus = wsus
            self.note = note
        }
    }

    public var userID = ""
    public var password = ""
    public var focus = Field.userID
    public var message: String?
    public var busy = false
    /// The password was accepted and the patch status is being read (large catalogs take seconds).
    public var accepted = false

    public init() {}

    public enum Action: Sendable, Hashable { case nextField, submit, erase, type(Character), quit }

    /// The form's keys; none while the login is being checked.
    public static func keys(_ state: LoginScreen) -> KeyTable<Action> {
        guard !state.busy else { return .none }
        return KeyTable([
            KeyBinding([.tab, .down, .backTab, .up], "Next field", .nextField),
            KeyBinding([.enter], "Log in", .submit),
            KeyBinding([.escape, .function(10)], "Quit", .quit),
            KeyBinding([.backspace], "Erase", .erase, visible: false),
        ], others: .typed(label: "Type") { .type($0) })
    }

    public static func update(_ state: LoginScreen, _ key: Key) -> (LoginScreen, Effect?) {
        var state = state
        guard let action = keys(state).action(for: key) else { return (state, nil) }
        switch action {
        case .quit:
            return (state, .quit)
        case .nextField:
            state.focus = state.focus == .userID ? .password : .userID
        case .submit:
            if state.focus == .userID && !state.userID.isEmpty {
                state.focus = .password
            } else if !state.userID.isEmpty {
                state.busy = true
                state.message = nil
                return (state, .submit(userID: state.userID, password: state.password))
            }
        case .erase:
            if state.focus == .userID { _ = state.userID.popLast() } else { _ = state.password.popLast() }
        case .type(let c):
            if state.focus == .userID { if state.userID.count < 64 { state.userID.append(c) } } else if state.password.count < 256 { state.password.append(c) }
        }
        return (state, nil)
    }

    /// A refused login: the password is cleared, the id kept, the same message whatever the reason.
    public static func refused(_ state: LoginScreen, strings: ConsoleStrings) -> LoginScreen {
        var state = state
        state.busy = false
        state.accepted = false
        state.password = ""
        state.focus = .password
        state.message = strings.loginRefused
        return state
    }

    public static func render(_ state: LoginScreen, header: Header, strings: ConsoleStrings, width: Int, height: Int) -> Canvas {
        var canvas = Canvas(width: width, height: height)
        // Where the CMDB and WSUS are is for logged-in users (the status view shows it), not for whoever connects.
        canvas.put("\(header.product) \(header.version)", row: 0, column: 1, role: .title)
        let top = max(4, height / 2 - 4)
        let left = max(2, width / 2 - 20)
        canvas.box(top: top - 1, left: left - 2, bottom: top + 6, right: min(left + 44, width - 1), title: strings.login)
        let labelWidth = max(DisplayWidth.of(strings.userID), DisplayWidth.of(strings.password)) + 2
        canvas.put(strings.userID, row: top + 2, column: left)
        canvas.put("[" + DisplayWidth.pad(state.userID, to: 24) + "]", row: top + 2, column: left + labelWidth,
                   role: state.focus == .userID ? .input : .normal)
        canvas.put(strings.password, row: top + 3, column: left)
        // Nothing of the password is shown, not even its length.
        canvas.put("[" + DisplayWidth.pad("", to: 24) + "]",
                   row: top + 3, column: left + labelWidth, role: state.focus == .password ? .input : .normal)
        if state.busy { canvas.put(state.accepted ? strings.readingStatus : strings.loggingIn, row: top + 5, column: left, role: .muted) }
        if let message = state.message { canvas.put(message, row: top + 7, column: 1, role: .error) }
        if !header.note.isEmpty { canvas.put(header.note, row: top + 9, column: 1, role: .muted) }
        canvas.put(keys(state).hints(width: width - 2, strings: strings), row: height - 1, column: 1, role: .hint)
        return canvas
    }
}

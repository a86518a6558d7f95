import Console
import PatchbayCore
import Testing

@Suite("Console: login screen")
struct LoginScreenTests {
    static let header = LoginScreen.Header(product: "Patchbay", version: "0.1.0", cmdb: "/var/lib/patchbay/cmdb.sqlite", wsus: "wsus01 http://127.0.0.1:8530")

    func type(_ text: String, into state: LoginScreen) -> LoginScreen {
        text.reduce(state) { LoginScreen.update($0, .character($1)).0 }
    }

    @Test("typing the id, Tab, the password and Enter submits both; the password never appears on screen")
    func submit() {
        var state = type("acme-user", into: LoginScreen())
        state = LoginScreen.update(state, .tab).0
        state = type("s3cret-pass", into: state)
        let (next, effect) = LoginScreen.update(state, .enter)
        #expect(effect == .submit(userID: "acme-user", password: "s3cret-pass"))
        #expect(next.busy)
        let canvas = LoginScreen.render(next, header: Self.header, strings: ConsoleStrings(.en), width: 80, height: 24)
        #expect(canvas.text.contains("acme-user"))
        #expect(!canvas.text.contains("s3cret") && !canvas.text.contains("*"))
        #expect(canvas.text.contains("Patchbay 0.1.0") && canvas.text.contains("CMDB /var/lib/patchbay/cmdb.sqlite") && canvas.text.contains("WSUS wsus01"))
    }

    @Test("a refusal clears the password, keeps the id and shows one message whatever the reason; Esc quits")
    func refused() {
        var state = type("nobody", into: LoginScreen())
        state.focus = .password
        state = type("x", into: state)
        state = LoginScreen.update(state, .enter).0
        state = LoginScreen.refused(state, strings: ConsoleStrings(.ja))
        #expect(state.password.isEmpty && state.userID == "nobody" && !state.busy)
        let canvas = LoginScreen.render(state, header: Self.header, strings: ConsoleStrings(.ja), width: 80, height: 24)
        #expect(canvas.text.contains("ログインできません"))
        #expect(LoginScreen.update(state, .escape).1 == .quit)
    }

    @Test("the canvas clips wide characters by display width instead of spilling them")
    func clipping() {
        var canvas = Canvas(width: 5, height: 1)
        let used = canvas.put("日本語", row: 0, column: 0)
        #expect(used == 4)
        #expect(canvas.text == "日本")
    }
}

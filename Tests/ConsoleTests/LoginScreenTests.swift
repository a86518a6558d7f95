import Foundation
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
        #expect(canvas.text.contains("Patchbay 0.1.0"))
        #expect(!canvas.text.contains("cmdb.sqlite") && !canvas.text.contains("CMDB") && !canvas.text.contains("wsus01"),
                "where the CMDB and WSUS are is not shown to whoever connects")
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

@Suite("Console: login progress")
struct LoginProgressTests {
    @Test("after the password is accepted the login screen says the patch status is being read, until the lists arrive")
    func accepted() {
        var app = ConsoleApp(header: LoginScreenTests.header, language: .en, width: 80, height: 24)
        for key in "acme-user" { app = ConsoleApp.update(app, .key(.character(key))).0 }
        app = ConsoleApp.update(app, .key(.tab)).0
        for key in "secret-pass" { app = ConsoleApp.update(app, .key(.character(key))).0 }
        app = ConsoleApp.update(app, .key(.enter)).0
        #expect(ConsoleApp.render(app).text.contains("Checking…"))
        app = ConsoleApp.update(app, .loginAccepted).0
        #expect(ConsoleApp.render(app).text.contains("Reading the patch status…"))
        app = ConsoleApp.update(app, .loggedIn(user: "acme-user", language: .ja, data: SessionData(patches: [], servers: [], at: Date()))).0
        #expect(app.screen == .patches)
    }
}

@Suite("Console: themes and borders")
struct ConsoleThemeTests {
    @Test("F8 moves to the next theme on any screen, wrapping around, and is never taken as typed text")
    func nextTheme() {
        var app = ConsoleApp(header: LoginScreenTests.header, language: .en, width: 80, height: 24)
        app.themes = ["default", "dark", "mono"]
        app.theme = "default"
        app = ConsoleApp.update(app, .key(.function(8))).0
        #expect(app.theme == "dark")
        app = ConsoleApp.update(app, .key(.function(8))).0
        app = ConsoleApp.update(app, .key(.function(8))).0
        #expect(app.theme == "default")
        guard case .login(let login) = app.screen else { Issue.record("left the login screen"); return }
        #expect(login.userID.isEmpty)
    }

    @Test("a box is drawn with canonical border characters in the border role, its title in the top edge")
    func box() {
        var canvas = Canvas(width: 12, height: 4)
        canvas.box(top: 0, left: 0, bottom: 3, right: 11, title: "Hi")
        #expect(canvas.text == "┌─ Hi ─────┐\n│          │\n│          │\n└──────────┘")
        #expect(canvas.cell(row: 0, column: 0).role == .border && canvas.cell(row: 0, column: 3).role == .title)
    }

    @Test("the help screen lists the global keys after the screen's own")
    func helpListsGlobalKeys() {
        let canvas = HelpScreen.render(title: "Help", table: KeyTable(PatchListScreen.bindings), strings: ConsoleStrings(.en), width: 80, height: 24)
        #expect(canvas.text.contains("F8") && canvas.text.contains("Next theme"))
    }
}

@Suite("Console: hint bars")
struct HintBarTests {
    @Test("every screen's hint bar fits 80 columns in English and Japanese, and speaks the user's language")
    func fit() {
        for language in [Language.en, .ja] {
            let strings = ConsoleStrings(language)
            let bars = [PatchListScreen.bindings.hints(width: 78, strings: strings), ServerListScreen.bindings.hints(width: 78, strings: strings),
                        JobMonitorScreen.bindings.hints(width: 78, strings: strings), StatusScreen.bindings.hints(width: 78, strings: strings)]
            for bar in bars { #expect(DisplayWidth.of(bar) <= 78, "\(language): \(bar)") }
            #expect(bars[0].contains(language == .ja ? "検索" : "Filter") && bars[0].contains(language == .ja ? "条件" : "Presets"))
        }
        let wide = PatchListScreen.bindings.hints(width: 118, strings: ConsoleStrings(.en))
        #expect(wide.contains("s Sort") && wide.contains("v Status"), "spare keys show when there is room")
        let help = HelpScreen.render(title: "", table: KeyTable(PatchListScreen.bindings), strings: ConsoleStrings(.ja), width: 80, height: 24).text
        #expect(help.contains("逆順") && help.contains("次のテーマ"))
    }
}

import Console
import Foundation
import PatchbayCore
import Testing

@Suite("Console: key tables")
struct KeyTableTests {
    /// Every key the terminal driver can deliver: the named keys, F1–F12, printable ASCII and a few others.
    static let everyKey: [Key] = [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .escape, .tab, .backTab, .backspace]
        + (1...12).map(Key.function)
        + (32...126).map { Key.character(Character(UnicodeScalar(UInt8($0)))) }
        + ["あ", "é", "€", "\u{7f}"].map(Key.character)

    @Test("in every scene, a key outside the screen's table (and the global keys) changes nothing and asks for nothing",
          arguments: [Language.en, .ja])
    func unboundKeysChangeNothing(language: Language) {
        for scene in ConsoleScenes.all(language, width: 80, height: 24) {
            #expect(scene.unanswered.isEmpty, "the scene's own script pressed keys its screens do not answer: \(scene.unanswered)")
            var answered = 0
            for key in Self.everyKey {
                guard !scene.app.answers(key) else { answered += 1; continue }
                let (after, effects) = ConsoleApp.update(scene.app, .key(key))
                #expect(after == scene.app && effects.isEmpty, "\(scene.name): \(key.label) is in no table but changed the console or asked for \(effects)")
            }
            let waiting = ["login-checking", "wizard-5-creating"].contains(scene.name)
            #expect(answered >= 1, "\(scene.name) answers F8 at least")
            #expect(waiting == (answered == 1), "\(scene.name): only a screen waiting for the services answers nothing but F8 (\(answered) keys)")
        }
    }

    @Test("no table binds one key twice (the second binding could never be reached)")
    func noKeyBoundTwice() {
        for scene in ConsoleScenes.all(.en, width: 80, height: 24) {
            let keys: [[Key]]
            switch scene.app.screen {
            case .login(let login): keys = LoginScreen.keys(login).bindings.map(\.keys)
            case .patches: keys = PatchListScreen.keys(scene.app.patchList).bindings.map(\.keys)
            case .servers: keys = ServerListScreen.keys(scene.app.serverList).bindings.map(\.keys)
            case .wizard(let wizard): keys = ApplyWizard.keys(wizard).bindings.map(\.keys)
            case .monitor: keys = JobMonitorScreen.keys(scene.app.monitor).bindings.map(\.keys)
            case .status: keys = StatusScreen.keys(scene.app.status).bindings.map(\.keys)
            }
            let all = keys.flatMap { $0 } + GlobalKeys.bindings.flatMap(\.keys)
            let twice = Dictionary(grouping: all, by: { $0 }).filter { $0.value.count > 1 }.keys.map(\.label)
            #expect(twice.isEmpty, "\(scene.name) binds \(twice) more than once")
        }
    }

    @Test("the hint bar is the table's: the wizard's first step offers no Back, the time field no Space to choose, a question y and other keys")
    func hintBarsFollowTheMode() {
        let scenes = Dictionary(uniqueKeysWithValues: ConsoleScenes.all(.en, width: 80, height: 24).map { ($0.name, $0) })
        func hintBar(_ name: String) -> String { ConsoleApp.render(scenes[name]!.app).text.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? "" }
        #expect(hintBar("wizard-1-servers") == " Space Choose  Enter Next  Esc Cancel")
        #expect(hintBar("wizard-2-patch-type") == " Space Choose  Enter Next  ← Back  Esc Cancel")
        #expect(hintBar("wizard-4-method-at") == " Enter Next  ← Back  Esc Cancel")
        #expect(hintBar("wizard-5-confirm") == " Enter Create job  ← Back  Esc Cancel")
        #expect(hintBar("wizard-6-done") == " m Jobs  Enter Close")
        #expect(hintBar("monitor-confirm-cancel") == " y Yes  other keys No")
        #expect(hintBar("login") == " Tab Next field  Enter Log in  Esc Quit")
        #expect(hintBar("login-checking") == "", "nothing to press while the login is checked")
        #expect(hintBar("patches-filtering") == " /2019▏  Enter Done  BS Erase")
    }
}

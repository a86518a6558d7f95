import Foundation
import PatchbayCore

/// The whole console as one pure state machine: `update(app, event)` returns the new state and what must
/// happen next (effects the terminal driver carries out); `render(app)` draws it onto a canvas.
public struct ConsoleApp: Sendable, Hashable {
    public enum Screen: Sendable, Hashable {
        case login(LoginScreen)
        case patches
        case servers
    }

    public enum Event: Sendable, Hashable {
        case key(Key)
        case resize(width: Int, height: Int)
        case loggedIn(user: String, language: Language, patches: [PatchRow], servers: [ServerRow], at: Date)
        case loginRefused
    }

    public enum Effect: Sendable, Hashable {
        case login(userID: String, password: String)
        case quit
    }

    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public var screen = Screen.login(LoginScreen())
    public var header: LoginScreen.Header
    public var strings: ConsoleStrings
    public var user: String?
    public var width: Int
    public var height: Int
    public var patchList = PatchListScreen(rows: [])
    public var serverList: ServerListScreen
    public let staleAfterDays: Int

    public init(header: LoginScreen.Header, language: Language, width: Int, height: Int, staleAfterDays: Int = 7) {
        self.header = header
        self.staleAfterDays = staleAfterDays
        self.serverList = ServerListScreen(rows: [], staleAfterDays: staleAfterDays, now: Date(timeIntervalSince1970: 0))
        self.strings = ConsoleStrings(language)
        self.width = width
        self.height = height
    }

    public var pageHeight: Int { max(height - 5, 1) }

    public static func update(_ app: ConsoleApp, _ event: Event) -> (ConsoleApp, [Effect]) {
        var app = app
        switch (event, app.screen) {
        case (.resize(let width, let height), _):
            app.width = width
            app.height = height
        case (.key(let key), .login(let login)):
            let (next, effect) = LoginScreen.update(login, key)
            app.screen = .login(next)
            switch effect {
            case .submit(let id, let password)?: return (app, [.login(userID: id, password: password)])
            case .quit?: return (app, [.quit])
            case nil: break
            }
        case (.loginRefused, .login(let login)):
            app.screen = .login(LoginScreen.refused(login, strings: app.strings))
        case (.loggedIn(let user, let language, let patches, let servers, let at), .login):
            app.user = user
            app.strings = ConsoleStrings(language)
            app.patchList = PatchListScreen(rows: patches)
            app.serverList = ServerListScreen(rows: servers, staleAfterDays: app.staleAfterDays, now: at)
            app.screen = .patches
        case (.key(let key), .patches):
            let (next, effect) = PatchListScreen.update(app.patchList, key, pageHeight: app.pageHeight)
            app.patchList = next
            if effect == .quit { return (app, [.quit]) }
            if effect == .showServers { app.screen = .servers }
        case (.key(let key), .servers):
            let (next, effect) = ServerListScreen.update(app.serverList, key, pageHeight: app.pageHeight)
            app.serverList = next
            if effect == .quit { return (app, [.quit]) }
            if effect == .showPatches { app.screen = .patches }
        default:
            break
        }
        return (app, [])
    }

    public static func render(_ app: ConsoleApp) -> Canvas {
        guard app.width >= minimumWidth, app.height >= minimumHeight else {
            var canvas = Canvas(width: app.width, height: app.height)
            canvas.put(app.strings.tooSmall, row: 0, column: 0, role: .error)
            canvas.put("\(app.width)×\(app.height)", row: min(1, max(app.height - 1, 0)), column: 0, role: .muted)
            return canvas
        }
        switch app.screen {
        case .login(let login):
            return LoginScreen.render(login, header: app.header, strings: app.strings, width: app.width, height: app.height)
        case .patches:
            return PatchListScreen.render(app.patchList, strings: app.strings, user: app.user ?? "", width: app.width, height: app.height)
        case .servers:
            return ServerListScreen.render(app.serverList, strings: app.strings, user: app.user ?? "", width: app.width, height: app.height)
        }
    }
}

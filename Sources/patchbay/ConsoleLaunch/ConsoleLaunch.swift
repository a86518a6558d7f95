import Console
import ConsoleHost
import ConsoleTerminal
import Foundation
import PatchbayCore

/// Opens the console on this terminal with the configuration's language, themes and limits, its effects
/// carried out by a ConsoleSession; returns when the user quits (or the connection drops).
enum ConsoleLaunch {
    static func run(_ runtime: Runtime, theme: String?, note: String = "") async throws {
        let ui = runtime.configuration.ui
        let header = LoginScreen.Header(product: "Patchbay", version: PatchbayCommand.version, cmdb: runtime.store.location,
                                        wsus: runtime.configuration.wsus.map { "\($0.name) \($0.url.absoluteString)" }.joined(separator: ", "),
                                        note: note)
        let language = ui.language ?? (ProcessInfo.processInfo.environment["LANG"]?.lowercased().hasPrefix("ja") == true ? .ja : .en)
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let (themes, mono) = try ConsoleThemes.resolve(chosen: theme ?? ui.theme, noColor: noColor, operatorFolder: ui.themesDir)
        let session = ConsoleSession(store: runtime.store, templates: runtime.context.templates, lockoutAttempts: ui.lockoutAttempts,
                                     lockoutMinutes: ui.lockoutMinutes, scriptsFolder: runtime.configuration.jobs.scriptsDir)
        try await ConsoleRunner.run(header: header, language: language, themes: themes, mono: mono, staleAfterDays: ui.staleAfterDays,
                                    idleMinutes: ui.idleMinutes) { effect, progress in
            await session.handle(effect, progress: progress)
        }
    }
}

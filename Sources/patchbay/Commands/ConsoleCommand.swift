import ArgumentParser
import Foundation
import PatchbayCore

struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "The terminal console: log in, then browse the approved patches your servers need.",
        discussion: """
            This is what 'patchbay' runs with no command on a terminal. The screen needs at least 80×24 and a known TERM
            (xterm-256color, screen-256color, tmux-256color, vt100, linux). The language follows the user's setting after
            login, before it $LANG.
            Themes: default, dark, light, high-contrast, mono (Themes/*.yaml), and the operator's own in 'ui.themes_dir',
            chosen by --theme, else 'ui.theme'; F8 switches to the next one. NO_COLOR, or a terminal without colours, gets the mono theme only.
            Keys on the patch list: ↑↓/jk move, / filter as you type, s sort by the next column, r reverse, Tab the server
            list, ? help, q quit.
            Failed logins are counted per user id: after 'ui.lockout.attempts' failures within 'ui.lockout.minutes'
            the id is refused for that long. Every attempt is audited.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The theme to start with (default, dark, light, high-contrast, mono).", valueName: "name"))
    var theme: String?

    func run() async throws {
        try Self.requireTerminal()
        try await Runtime.with(global, namingExposure: false) { runtime in
            try await ConsoleLaunch.run(runtime, theme: theme)
        }
    }

    static func requireTerminal() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw PatchbayError.badArguments("the console needs a terminal", fix: "run it in a terminal or over 'ssh -t'; scripts use the other commands")
        }
    }
}

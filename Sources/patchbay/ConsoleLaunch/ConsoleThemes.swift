import Console
import ConsoleTerminal
import PatchbayConfig
import PatchbayCore

/// The console's themes: every shipped Themes/*.yaml and every file of the operator's `ui.themes_dir`, the chosen
/// one first, then the rest in name order.
enum ConsoleThemes {
    static func resolve(chosen: String, noColor: Bool, operatorFolder: String? = nil) throws -> (themes: [Theme], mono: Theme) {
        let themes = try ThemeFiles.available(operatorFolder: operatorFolder).map { file in
            let theme = try ThemeReader.read(file: file.path)
            // The file name is the theme's name (F8's order, --theme, a file replacing a shipped one): one name only.
            guard theme.name == file.name else {
                throw PatchbayError.badArguments("the theme file \(file.path) calls itself '\(theme.name)'",
                                                 fix: "name the file \(theme.name).yaml, or set 'name: \(file.name)' in it")
            }
            return theme
        }
        guard let mono = themes.first(where: { $0.name == Theme.mono }) else {
            throw PatchbayError.badArguments("the shipped mono theme is missing", fix: "reinstall Patchbay")
        }
        guard let index = themes.firstIndex(where: { $0.name == chosen }) else {
            throw PatchbayError.badArguments("there is no theme '\(chosen)'",
                                             fix: "use one of: \(themes.map(\.name).joined(separator: ", ")) (ui.theme or --theme)")
        }
        // NO_COLOR (https://no-color.org) asks for no colour at all: only the mono theme is offered.
        if noColor { return ([mono], mono) }
        // F8 goes on in name order from the chosen theme and wraps around.
        return (Array(themes[index...] + themes[..<index]), mono)
    }
}

import Foundation

/// The console's shipped colour themes: the YAML files beside this file, one theme each (semantic roles and
/// border glyphs), copied into this target's bundle. An operator adds or replaces themes with `ui.themes_dir`.
public enum ShippedThemes {
    /// Theme name (the file name without .yaml) → file, in name order.
    public static func files() -> [(name: String, path: String)] {
        Bundle.module.paths(forResourcesOfType: "yaml", inDirectory: nil)
            .map { path in (name: ((path as NSString).lastPathComponent as NSString).deletingPathExtension, path: path) }
            .sorted { $0.name < $1.name }
    }
}

import Foundation

/// The theme files shipped with Patchbay (Sources/ConsoleTerminal/Themes/*.yaml, copied into the bundle).
public enum ThemeFiles {
    public static var directory: String? {
        Bundle.module.url(forResource: "Themes", withExtension: nil)?.path
    }

    /// Theme name → file, sorted by name.
    public static func bundled() -> [(name: String, path: String)] {
        guard let directory, let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return files.filter { $0.hasSuffix(".yaml") }.sorted().map { (String($0.dropLast(5)), directory + "/" + $0) }
    }
}

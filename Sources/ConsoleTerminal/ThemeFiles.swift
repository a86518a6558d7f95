import Foundation
import PatchbayCore
import Themes

/// The theme files the console offers: the shipped ones (Themes/ at the top of the repository), and an operator's
/// own folder (`ui.themes_dir`), whose file of a shipped theme's name replaces it.
public enum ThemeFiles {
    /// Theme name → file, in name order.
    public static func available(operatorFolder: String? = nil) throws -> [(name: String, path: String)] {
        var files = Dictionary(ShippedThemes.files().map { ($0.name, $0.path) }, uniquingKeysWith: { first, _ in first })
        if let operatorFolder {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: operatorFolder)
            } catch {
                throw PatchbayError.fileError("cannot list the themes folder \(operatorFolder)", fix: "make it readable, or remove 'ui.themes_dir'")
            }
            for name in names where name.hasSuffix(".yaml") && !name.hasPrefix(".") {
                files[String(name.dropLast(5))] = operatorFolder + "/" + name
            }
        }
        return files.sorted { $0.key < $1.key }.map { (name: $0.key, path: $0.value) }
    }
}

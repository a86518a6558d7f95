import Foundation
import PatchbayCore

/// A pre- or post-script named by path on the management server; its text travels with the job.
enum ScriptFile {
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PatchbayError.fileError("cannot read the script \(path)", fix: "check the path and its permissions")
        }
        guard data.count <= 65_536, let text = String(data: data, encoding: .utf8) else {
            throw PatchbayError.badArguments("the script \(path) is not UTF-8 text of at most 64 KiB", fix: "shorten it or save it as UTF-8")
        }
        return text
    }
}

/// The folder of scripts console users may choose from (`jobs.scripts_dir`). A console user names a script,
/// never a path: they are no shell users of the management server and must not read its other files.
enum ScriptFolder {
    static func names(_ folder: String?) -> [String] {
        guard let folder, let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return files.filter { $0.lowercased().hasSuffix(".ps1") && !$0.hasPrefix(".") }.sorted()
    }

    /// The text of the script `name` ("" for none).
    static func text(_ name: String, in folder: String?) throws -> String {
        guard !name.isEmpty else { return "" }
        guard let folder, names(folder).contains(name) else {
            throw PatchbayError.badArguments("there is no script '\(name)' in the scripts folder", fix: "choose one the wizard offers")
        }
        return try ScriptFile.read(folder + "/" + name)
    }
}

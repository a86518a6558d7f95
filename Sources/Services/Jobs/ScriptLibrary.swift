import Foundation
import PatchbayCore

/// The pre- and post-scripts a job may carry. Console users choose by name from the scripts folder
/// (`jobs.scripts_dir`), never by path: they are no shell users of the management server and must not read
/// its other files. A script's text travels with the job (at most 64 KiB of UTF-8).
public struct ScriptLibrary: Sendable {
    public let folder: String?

    public init(folder: String?) {
        self.folder = folder
    }

    /// The scripts one may choose: the folder's `.ps1` files, hidden ones left out, sorted.
    public func names() -> [String] {
        guard let folder, let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return files.filter { $0.lowercased().hasSuffix(".ps1") && !$0.hasPrefix(".") }.sorted()
    }

    /// The text of the script `name` ("" for none); only a name `names()` lists is read.
    public func text(named name: String) throws -> String {
        guard !name.isEmpty else { return "" }
        guard let folder, names().contains(name) else {
            throw PatchbayError.badArguments("there is no script '\(name)' in the scripts folder", fix: "choose one the wizard offers")
        }
        return try Self.read(path: folder + "/" + name)
    }

    /// A script named by path, for an administrator on the management server's shell.
    public static func read(path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PatchbayError.fileError("cannot read the script \(path)", fix: "check the path and its permissions")
        }
        guard data.count <= 65_536, let text = String(data: data, encoding: .utf8) else {
            throw PatchbayError.badArguments("the script \(path) is not UTF-8 text of at most 64 KiB", fix: "shorten it or save it as UTF-8")
        }
        return text
    }
}

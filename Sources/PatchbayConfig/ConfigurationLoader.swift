import Foundation
import PatchbayCore
import Yams

/// Reads and validates the configuration file. Nothing is opened or changed on a bad file: the caller
/// gets a `PatchbayError` naming the file, line, key and fix (exit 10), or the missing file (exit 20).
public enum ConfigurationLoader {
    /// Which file to read: `--config`, else `$PATCHBAY_CONFIG`, else the system default.
    public static func resolvePath(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return option }
        if let fromEnvironment = environment[PatchbayConfiguration.environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        return PatchbayConfiguration.defaultPath
    }

    public static func load(path: String) throws -> PatchbayConfiguration {
        let absolute = absolutePath(path, relativeTo: FileManager.default.currentDirectoryPath)
        guard FileManager.default.fileExists(atPath: absolute) else {
            throw PatchbayError.fileError(
                "no configuration file at \(absolute)",
                fix: "create it (see docs/operations.md, 'Configuration'), pass --config FILE, or set \(PatchbayConfiguration.environmentVariable); 'patchbay demo' writes a working one")
        }
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw PatchbayError.fileError("cannot read the configuration file \(absolute)", fix: "check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PatchbayError.badArguments("the configuration file \(absolute) is not UTF-8", fix: "save it as UTF-8")
        }
        return try parse(text, path: absolute)
    }

    /// Validates `text` as if it were the file at `path` (absolute).
    public static func parse(_ text: String, path: String) throws -> PatchbayConfiguration {
        let root = try ConfigNode.root(text, file: path, ifEmpty: "add at least 'cmdb: {sqlite: /var/lib/patchbay/cmdb.sqlite}'")
        let folder = (path as NSString).deletingLastPathComponent
        let top = try root.mapping(allowing: ["cmdb", "wsus", "smtp", "schedules", "ui", "jobs", "mail", "daemon"])
        let reader = SectionReader(folder: folder)
        let cmdbNode = try top.required("cmdb", example: "{sqlite: /var/lib/patchbay/cmdb.sqlite}")
        return PatchbayConfiguration(
            sourcePath: path,
            cmdb: try reader.cmdb(cmdbNode),
            wsus: try top["wsus"].map(reader.wsusList) ?? [],
            smtp: try top["smtp"].map(reader.smtp),
            schedules: try top["schedules"].map(reader.schedules) ?? .init(),
            ui: try top["ui"].map(reader.ui) ?? .init(),
            jobs: try top["jobs"].map(reader.jobs) ?? .init(),
            mail: try top["mail"].map(reader.mail) ?? .init(),
            daemon: try top["daemon"].map(reader.daemon) ?? .init())
    }

    static func absolutePath(_ path: String, relativeTo folder: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let joined = expanded.hasPrefix("/") ? expanded : (folder as NSString).appendingPathComponent(expanded)
        return (joined as NSString).standardizingPath
    }
}

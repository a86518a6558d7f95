import Adapters
import Foundation
import PatchbayConfig
import PatchbayCore
import Services
import WSUS

/// Builds the live WSUS sources from the configuration, reading each password from its secret file.
enum WSUSSources {
    static func make(_ configuration: PatchbayConfiguration, only name: String? = nil) throws -> [any WSUSSource] {
        var entries = configuration.wsus
        if let name {
            entries = entries.filter { $0.name == name }
            guard !entries.isEmpty else {
                let known = configuration.wsus.map(\.name).joined(separator: ", ")
                throw PatchbayError.badArguments("no WSUS server named '\(name)' in \(configuration.sourcePath)",
                                                 fix: known.isEmpty ? "add a 'wsus:' entry to the configuration" : "use one of: \(known)")
            }
        }
        return try entries.map { entry in
            let password = try readSecret(entry.passwordFile)
            let settings = WSUSConnectionSettings(
                name: entry.name, baseURL: entry.url, username: entry.username, password: password, caFile: entry.caFile,
                authentication: WSUSConnectionSettings.Authentication(rawValue: entry.authentication.rawValue) ?? .ntlm,
                timeoutSeconds: entry.timeoutSeconds)
            return LiveWSUSSource(client: try WSUSClient(settings: settings), connections: entry.connections)
        }
    }

    /// The secret file's content without its trailing line break.
    static func readSecret(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), var text = String(data: data, encoding: .utf8) else {
            throw PatchbayError.fileError("cannot read the secret file \(path)", fix: "check that it exists and that you may read it")
        }
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        return text
    }

    /// Who holds the discovery lock, for the message another process (on any host of the CMDB) shows.
    static func lockHolder(_ command: String, _ configuration: PatchbayConfiguration) -> String {
        "pid \(getpid()) on \(configuration.daemon.hostID), started \(TimeInput.display(Date())): \(command)"
    }
}

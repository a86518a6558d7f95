import Foundation
import PatchbayCore
import Services

/// The files of a demo home.
struct DemoFiles {
    let folder: String
    var configuration: String { folder + "/patchbay.yaml" }
    var scenario: String { folder + "/scenario.yaml" }
    var servers: String { folder + "/servers.csv" }
    var wsusPassword: String { folder + "/wsus01.password" }
    var cmdb: String { folder + "/cmdb.sqlite" }

    /// Removes an existing demo home, refusing to touch a folder that is not one.
    func remove() throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: folder) else { return }
        guard fileManager.fileExists(atPath: configuration) else {
            throw PatchbayError.fileError("\(folder) exists but is not a demo home (no patchbay.yaml)",
                                          fix: "choose another --home, or remove the folder yourself")
        }
        try fileManager.removeItem(atPath: folder)
    }

    /// Writes whatever files are missing; returns true when the CMDB is new and must be seeded.
    func create() throws -> Bool {
        let fileManager = FileManager.default
        let fresh = !fileManager.fileExists(atPath: cmdb)
        do {
            try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if !fileManager.fileExists(atPath: servers) { try DemoSeed.serversCSV.write(toFile: servers, atomically: true, encoding: .utf8) }
            if !fileManager.fileExists(atPath: scenario) { try DemoSeed.scenarioYAML.write(toFile: scenario, atomically: true, encoding: .utf8) }
            if !fileManager.fileExists(atPath: wsusPassword) {
                try (DemoSeed.wsusPassword + "\n").write(toFile: wsusPassword, atomically: true, encoding: .utf8)
            }
            // The scenario holds the simulated WSUS's password too.
            for secret in [wsusPassword, scenario] { try fileManager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret) }
        } catch {
            throw PatchbayError.fileError("cannot create the demo home \(folder): \(error.localizedDescription)", fix: "choose a writable folder with --home")
        }
        return fresh
    }

    /// The configuration names the simulator's address, which is new on every run.
    func writeConfiguration(wsusURL: String) throws {
        let text = """
            # Patchbay demo configuration (rewritten by every 'patchbay demo' run). See docs/operations.md, 'Configuration'.
            cmdb:
              sqlite: cmdb.sqlite
            wsus:
              - name: wsus01
                url: \(wsusURL)
                username: '\(DemoSeed.wsusUser)'
                password_file: wsus01.password
                timeout_seconds: 120
            schedules:
              discovery: "*/5 * * * *"
            jobs:
              agent: simulated
              concurrency: 8
              per_tenant: 4
              lease_seconds: 30
              verify_interval_seconds: 1
            ui:
              theme: default
              lockout:
                attempts: 5
                minutes: 15

            """
        do {
            try text.write(toFile: configuration, atomically: true, encoding: .utf8)
        } catch {
            throw PatchbayError.fileError("cannot write \(configuration): \(error.localizedDescription)", fix: "choose a writable folder with --home")
        }
    }
}

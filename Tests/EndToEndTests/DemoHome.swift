import Foundation

/// A demo home made by the real `patchbay demo` in a temporary folder: config, CMDB file, servers.csv.
final class DemoHome {
    let folder: String
    let binary: PatchbayBinary
    let demoOutput: PatchbayBinary.Result

    var config: String { folder + "/patchbay.yaml" }
    var cmdb: String { folder + "/cmdb.sqlite" }

    init() throws {
        folder = NSTemporaryDirectory() + "patchbay-e2e-" + UUID().uuidString
        demoOutput = try PatchbayBinary().run(["demo", "--home", folder])
        binary = PatchbayBinary(environment: ["PATCHBAY_CONFIG": folder + "/patchbay.yaml"])
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func run(_ arguments: String..., input: String? = nil, environment: [String: String] = [:]) throws -> PatchbayBinary.Result {
        try binary.run(arguments, input: input, environment: environment)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Points the home's configuration at a WSUS simulator process (with `extra` YAML appended).
    func configure(wsusURL: String, extra: String = "") throws {
        let config = """
            cmdb:
              sqlite: cmdb.sqlite
            wsus:
              - name: wsus01
                url: \(wsusURL)
                username: 'CORP\\svc-patchbay'
                password_file: wsus01.password
                timeout_seconds: 120
            \(extra)
            """
        try config.write(toFile: self.config, atomically: true, encoding: .utf8)
    }

    func serverNames() throws -> [String] {
        let result = try run("server", "list", "--format", "csv")
        return result.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) }
    }
}

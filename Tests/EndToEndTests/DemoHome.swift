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

    func serverNames() throws -> [String] {
        let result = try run("server", "list", "--format", "csv")
        return result.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) }
    }
}

import Foundation
import PatchbayConfig
import PatchbayCore
import PropertyBased
import Testing
import TestSupport
import WSUSSimulator

/// The configuration reader on damaged copies of a real configuration (ResponseMutation.applyToText): a field
/// replaced by a hostile value, cut, a byte changed, a piece doubled. It must answer every one with a
/// configuration or a documented error (exit 10 or 20) naming a line or a key, and never crash or hang.
@Suite("Configuration reader, fuzzed")
struct ConfigurationFuzzTests {
    static let original = """
        cmdb:
          sqlite: data/cmdb.sqlite
        wsus:
          - name: wsus01
            url: https://wsus01.corp.example:8531
            username: CORP\\svc-patchbay
            password_file: wsus01.password
            schedule: "0 */2 * * *"
            timeout_seconds: 600
        smtp:
          host: smtp.corp.example
          security: tls
          username: patchbay
          password_file: smtp.password
          from: patchbay@corp.example
        schedules:
          discovery: "15 * * * *"
        jobs:
          agent: simulated
          concurrency: 8
          per_tenant: 4
          lease_seconds: 30
        ui:
          theme: dark
          language: ja
          idle_minutes: 30
          lockout: {attempts: 3, minutes: 30}
        """

    @Test("damaged configurations load or are refused with exit 10 or 20 and a message")
    func damaged() async throws {
        let folder = try ConfigurationTests.Folder()
        try folder.write("wsus01.password", "secret\n")
        try folder.write("smtp.password", "secret\n")
        let deadline = FuzzScale.deadline(30)
        var refused = 0
        await propertyCheck(count: FuzzScale.cases(1_500), input: Gen.uint64(in: 0...UInt64.max)) { seed in
            guard Date() < deadline else { return }
            let text = ResponseMutation.applyToText(Self.original, seed: seed)
            let path = try folder.write("patchbay.yaml", text)
            do {
                _ = try ConfigurationLoader.load(path: path)
            } catch let error as PatchbayError {
                refused += 1
                #expect([.badArguments, .fileError].contains(error.status), "seed \(seed): \(error)")
                // Every refusal names the file it is about (and, for what YAML holds, the line or the key): the
                // configuration, or a file it names that cannot be read (a mutation may make that path absolute).
                #expect(error.message.contains(folder.path) || error.message.contains(": cannot read /"),
                        "seed \(seed): \(error.message.prefix(300))")
            } catch {
                Issue.record("seed \(seed): an undocumented error \(error)")
            }
        }
        #expect(refused > 0, "the mutations reach the checks")
    }
}

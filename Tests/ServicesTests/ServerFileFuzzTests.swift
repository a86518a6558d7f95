import Foundation
import PatchbayCore
import PropertyBased
import Services
import Testing
import TestSupport
import WSUSSimulator

/// `server add --file` on damaged copies of the demo's servers file (ResponseMutation.applyToText): all or
/// nothing, with a documented error that names the problem, and never a crash.
@Suite("Servers file reader, fuzzed")
struct ServerFileFuzzTests {
    @Test("a damaged servers file imports wholly or not at all; a refusal is a bad-arguments error and stores nothing")
    func damaged() async throws {
        let fixture = try await ServiceFixture()
        let deadline = FuzzScale.deadline(30)
        var outcomes = (imported: 0, refused: 0)
        await propertyCheck(count: FuzzScale.cases(600), input: Gen.uint64(in: 0...UInt64.max)) { seed in
            // The time budget ends the run, but never before 100 cases: a full suite on two cores can take most of
            // the budget from this test, and too few cases may not include both outcomes.
            guard Date() < deadline || outcomes.imported + outcomes.refused < 100 else { return }
            let text = ResponseMutation.applyToText(DemoSeed.serversCSV, seed: seed)
            let before = try await fixture.serverNames()
            do {
                let imported = try await fixture.servers.importFile(Data(text.utf8), source: "servers.csv")
                outcomes.imported += 1
                #expect(try await fixture.serverNames().count == before.count + imported.count, "seed \(seed)")
                // Start the next case from an empty inventory again, so that it is not refused as a duplicate.
                try await fixture.servers.delete(names: imported.map(\.name))
            } catch let error as PatchbayError {
                outcomes.refused += 1
                #expect(error.status == .badArguments, "seed \(seed): \(error)")
                #expect(error.message.contains("line") || error.message.contains("file"), "seed \(seed): \(error.message.prefix(300))")
                #expect(try await fixture.serverNames() == before, "seed \(seed): a refused file stored servers")
            } catch {
                Issue.record("seed \(seed): an undocumented error \(error)")
            }
        }
        #expect(outcomes.imported > 0 && outcomes.refused > 0, "\(outcomes)")
    }
}

import PatchbayCore
import Testing

@Suite struct InstallStateTableTests {
    static let a = "5f0c2a1b-0000-4000-8000-00000000000a"
    static let b = "5f0c2a1b-0000-4000-8000-00000000000b"
    static let c = "5f0c2a1b-0000-4000-8000-00000000000c"

    @Test func givesBackEveryStateItWasGiven() {
        var table = InstallStateTable()
        table["pc1"] = [Self.a: .installed, Self.b: .pendingReboot]
        table["pc2"] = [Self.b: .notInstalled, Self.c: .notReportedYet]
        #expect(table["pc1"] == [Self.a: .installed, Self.b: .pendingReboot])
        #expect(table["pc2"] == [Self.b: .notInstalled, Self.c: .notReportedYet])
        #expect(table["pc3"] == nil)
        #expect(table.stateCount == 4)
        #expect(Set(table.computerIDs) == ["pc1", "pc2"])
        for state in InstallState.allCases {
            table["pc3"] = [Self.c: state]
            #expect(table["pc3"] == [Self.c: state], "every state survives packing")
        }
    }

    @Test func replacingAndRemovingAComputer() {
        var table: InstallStateTable = ["pc1": [Self.a: .installed], "pc2": [Self.a: .failed]]
        table["pc1"] = [Self.b: .downloaded]
        table["pc2"] = nil
        #expect(table["pc1"] == [Self.b: .downloaded])
        #expect(table["pc2"] == nil)
        #expect(table == ["pc1": [Self.b: .downloaded]])
    }

    @Test func keepUpdatesAsksOncePerUpdateAndDropsOnlyTheRefused() {
        var table: InstallStateTable = ["pc1": [Self.a: .installed, Self.b: .failed], "pc2": [Self.b: .installed, Self.c: .failed]]
        var asked: [String] = []
        table.keepUpdates { id in
            asked.append(id)
            return id != Self.b
        }
        #expect(asked.count == 3, "three distinct updates, asked once each, not once per state")
        #expect(table == ["pc1": [Self.a: .installed], "pc2": [Self.c: .failed]])
    }

    @Test func mergeRenumbersTheOtherTablesUpdates() {
        // Each table numbers its updates in the order it met them: the same id has different numbers in the two.
        let first: InstallStateTable = ["pc1": [Self.a: .installed], "pc2": [Self.b: .failed]]
        let second: InstallStateTable = ["pc3": [Self.c: .notInstalled, Self.a: .failed], "pc2": [Self.a: .downloaded]]
        var merged = first
        merged.merge(second)
        #expect(merged == ["pc1": [Self.a: .installed], "pc2": [Self.a: .downloaded], "pc3": [Self.c: .notInstalled, Self.a: .failed]])
    }

    @Test func equalityIgnoresTheOrderStatesCameIn() {
        var x = InstallStateTable()
        x["pc1"] = [Self.a: .installed]
        x["pc2"] = [Self.b: .failed]
        var y = InstallStateTable()
        y["pc2"] = [Self.b: .failed]
        y["pc1"] = [Self.a: .installed]
        #expect(x == y)
        y["pc1"] = [Self.a: .failed]
        #expect(x != y)
    }
}

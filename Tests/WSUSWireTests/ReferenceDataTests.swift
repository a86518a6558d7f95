import Foundation
import Testing
import WSUSWire

/// The wire tables against Microsoft's published identifiers (Tests/Fixtures/wsus): a GUID typed wrong here
/// would make discovery file every update of that classification under no classification at all.
@Suite("WSUS wire: reference data")
struct ReferenceDataTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/wsus")

    /// The rows of a fixture CSV as column → value (no field of these files holds a quoted comma before its last column).
    static func rows(_ name: String) throws -> [[String: String]] {
        let lines = try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        return lines.dropFirst().map { line in
            let cells = line.split(separator: ",", maxSplits: header.count - 1, omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }

    @Test("every documented classification has its GUID in the wire table, and the table has no other")
    func classifications() throws {
        let documented = try Self.rows("wsus-classification-guids.csv").map { ($0["classification"]!, $0["guid"]!.lowercased()) }
        #expect(documented.count >= 12)
        for (title, guid) in documented {
            #expect(Classification.id(forTitle: title) == guid, "\(title)")
            #expect(Classification.title(forID: guid.uppercased()) == title, "\(guid) read back in any case")
        }
        #expect(Set(Classification.all.map(\.id)) == Set(documented.map(\.1)))
    }

    @Test("the built-in target groups have the ids every WSUS uses")
    func builtInGroups() throws {
        let groups = Dictionary(uniqueKeysWithValues: try Self.rows("wsus-builtin-target-groups.csv").map { ($0["name"]!, $0["target_group_id"]!) })
        #expect(groups["All Computers"] == BuiltInGroup.allComputers)
        #expect(groups["Unassigned Computers"] == BuiltInGroup.unassignedComputers)
        #expect(groups["Downstream Servers"] == BuiltInGroup.downstreamServers)
    }

    @Test("the classifications of real WSUS output are all known to the wire table")
    func realSamples() throws {
        let samples = try Self.rows("wsus-real-update-samples.csv")
        #expect(!samples.isEmpty)
        for sample in samples {
            #expect(Classification.id(forTitle: sample["classification"] ?? "") != nil, "\(sample["title"] ?? "")")
            #expect(sample["title"]?.contains("KB\(sample["kb"] ?? "-")") == true)
        }
    }
}

import Foundation
import PatchbayCore
import Services
import Testing

/// Discovery's rule for rows from WSUS, on a snapshot built by hand: an update whose id is not a GUID or
/// whose KB is not digits is skipped and named, and nothing that points at it is kept.
@Suite("identifier screen")
struct IdentifierScreenTests {
    static let good = "5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"
    static let hostileKB = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d"
    static let notGUID = "not-a-guid"
    static let superseded = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"

    static func patch(_ id: String, kbs: [String], revision: Int = 200) -> PatchRecord {
        PatchRecord(updateID: id, revisionNumber: revision, kbNumbers: kbs, title: "Update \(id)", description: "", classification: "Security Updates",
                    products: [], msrcSeverity: "", releaseDate: nil, arrivalDate: nil, rebootBehavior: nil, isDeclined: false,
                    isExpired: false, isSuperseded: false, bulletins: [], moreInfoURLs: [])
    }

    static func approval(_ id: String, revision: Int = 200) -> ApprovalRecord {
        ApprovalRecord(patch: PatchKey(updateID: id, revisionNumber: revision), targetGroupID: "b73ca6ed-5727-47f3-84de-015e03f6a88a",
                       action: "install", deadline: nil, approvedAt: nil, approvedBy: "CORP\\wsus-admin")
    }

    static func snapshot() -> CatalogSnapshot {
        let patches = [patch(good, kbs: ["5033118"]), patch(hostileKB, kbs: ["5033’;Remove-Item C:\\ -Recurse;’"]), patch(notGUID, kbs: ["5099001"])]
        let approvals = [approval(good), approval(hostileKB), approval(notGUID), approval("0a1b2c3d';x")]
        var snapshot = CatalogSnapshot(
            serverVersion: "10.0.26100.1742", patches: Dictionary(uniqueKeysWithValues: patches.map { ($0.key, $0) }),
            supersedes: [good: [superseded, notGUID, hostileKB], hostileKB: [superseded], notGUID: [superseded]],
            approvals: Dictionary(uniqueKeysWithValues: approvals.map { ($0.key, $0) }),
            states: ["c1": [good: "installed", hostileKB: "not-installed", notGUID: "failed", "x'); Stop-Computer": "installed"]])
        snapshot.statesComplete = ["c1"]
        return snapshot
    }

    @Test("the two bad rows are skipped and named; only what points at good update ids is kept")
    func screensBadRows() {
        let (kept, skipped) = IdentifierScreen.screen(Self.snapshot())
        #expect(skipped.map(\.reason) == ["'KB5033’;Remove-Item C:\\ -Recurse;’' is not a KB number (update 6a7b8c9d…)",
                                          "update id 'not-a-guid' is not a GUID (KB5099001)"])
        #expect(SkippedUpdate.summary(skipped).hasPrefix("skipped 2 updates: 'KB5033’;"))
        #expect(kept.patches.keys.map(\.updateID) == [Self.good])
        #expect(kept.approvals.keys.map(\.patch.updateID) == [Self.good])
        #expect(kept.states == ["c1": [Self.good: "installed"]])
        #expect(kept.supersedes == [Self.good: [Self.superseded]], "edges from and to skipped or non-GUID ids are gone")
        #expect(kept.statesComplete == ["c1"] && kept.serverVersion == "10.0.26100.1742")
    }

    @Test("a snapshot of well-formed rows passes unchanged")
    func keepsGoodRows() {
        let good = Self.patch(Self.good, kbs: ["5033118", "5032198"])
        let noKB = Self.patch(Self.superseded, kbs: [])
        let snapshot = CatalogSnapshot(patches: [good.key: good, noKB.key: noKB], supersedes: [Self.good: [Self.superseded]],
                                       approvals: [Self.approval(Self.good).key: Self.approval(Self.good)],
                                       states: ["c1": [Self.good: "installed", Self.superseded: "not-installed"]])
        let (kept, skipped) = IdentifierScreen.screen(snapshot)
        #expect(skipped.isEmpty)
        #expect(kept.patches == snapshot.patches && kept.approvals == snapshot.approvals)
        #expect(kept.states == snapshot.states && kept.supersedes == snapshot.supersedes)
    }

    @Test("states and supersedence of an id stay while one of its revisions is good; the bad revision and its approval go")
    func badRevisionOnly() {
        let goodRevision = Self.patch(Self.good, kbs: ["5033118"], revision: 200)
        let badRevision = Self.patch(Self.good, kbs: ["50331;18"], revision: 201)
        let snapshot = CatalogSnapshot(patches: [goodRevision.key: goodRevision, badRevision.key: badRevision],
                                       supersedes: [Self.good: [Self.superseded]],
                                       approvals: [Self.approval(Self.good).key: Self.approval(Self.good),
                                                   Self.approval(Self.good, revision: 201).key: Self.approval(Self.good, revision: 201)],
                                       states: ["c1": [Self.good: "installed"]])
        let (kept, skipped) = IdentifierScreen.screen(snapshot)
        #expect(skipped.map(\.key) == [badRevision.key])
        #expect(kept.patches.keys.map(\.revisionNumber) == [200])
        #expect(kept.approvals.keys.map(\.patch.revisionNumber) == [200])
        #expect(kept.states == snapshot.states && kept.supersedes == snapshot.supersedes)
    }

    @Test("a name from WSUS holding terminal escapes is written out, not sent to the operator's terminal")
    func escapesInNames() {
        let patch = Self.patch(Self.good, kbs: ["1\u{1B}]0;pwned\u{7}"])
        let (_, skipped) = IdentifierScreen.screen(CatalogSnapshot(patches: [patch.key: patch]))
        #expect(skipped.first?.reason == "'KB1\\u{1B}]0;pwned\\u{7}' is not a KB number (update 5f0c2a1b…)")
    }
}

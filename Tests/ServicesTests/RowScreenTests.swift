import Foundation
import PatchbayCore
import Services
import Testing

/// Discovery's rule for rows from WSUS, on a snapshot built by hand: an update whose id is not a GUID or
/// whose KB is not digits is skipped and named, and nothing that points at it is kept.
@Suite("row screen")
struct RowScreenTests {
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
            states: ["c1": [good: .installed, hostileKB: .notInstalled, notGUID: .failed, "x'); Stop-Computer": .installed]])
        snapshot.statesComplete = ["c1"]
        return snapshot
    }

    @Test("the two bad rows are skipped and named; only what points at good update ids is kept")
    func screensBadRows() {
        let (kept, skipped) = RowScreen.screen(Self.snapshot())
        #expect(skipped.map(\.reason) == ["'KB5033’;Remove-Item C:\\ -Recurse;’' is not a KB number (update 6a7b8c9d…)",
                                          "update id 'not-a-guid' is not a GUID (KB5099001)"])
        #expect(SkippedRow.summary(skipped).hasPrefix("skipped 2 updates: 'KB5033’;"))
        #expect(kept.patches.keys.map(\.updateID) == [Self.good])
        #expect(kept.approvals.keys.map(\.patch.updateID) == [Self.good])
        #expect(kept.states == ["c1": [Self.good: .installed]])
        #expect(kept.supersedes == [Self.good: [Self.superseded]], "edges from and to skipped or non-GUID ids are gone")
        #expect(kept.statesComplete == ["c1"] && kept.serverVersion == "10.0.26100.1742")
    }

    @Test("a snapshot of well-formed rows passes unchanged")
    func keepsGoodRows() {
        let good = Self.patch(Self.good, kbs: ["5033118", "5032198"])
        let noKB = Self.patch(Self.superseded, kbs: [])
        let snapshot = CatalogSnapshot(patches: [good.key: good, noKB.key: noKB], supersedes: [Self.good: [Self.superseded]],
                                       approvals: [Self.approval(Self.good).key: Self.approval(Self.good)],
                                       states: ["c1": [Self.good: .installed, Self.superseded: .notInstalled]])
        let (kept, skipped) = RowScreen.screen(snapshot)
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
                                       states: ["c1": [Self.good: .installed]])
        let (kept, skipped) = RowScreen.screen(snapshot)
        #expect(skipped.map(\.key) == ["\(Self.good)/201"])
        #expect(kept.patches.keys.map(\.revisionNumber) == [200])
        #expect(kept.approvals.keys.map(\.patch.revisionNumber) == [200])
        #expect(kept.states == snapshot.states && kept.supersedes == snapshot.supersedes)
    }

    @Test("a name from WSUS holding terminal escapes is written out, not sent to the operator's terminal")
    func escapesInNames() {
        let patch = Self.patch(Self.good, kbs: ["1\u{1B}]0;pwned\u{7}"])
        let (_, skipped) = RowScreen.screen(CatalogSnapshot(patches: [patch.key: patch]))
        #expect(skipped.first?.reason == "'KB1\\u{1B}]0;pwned\\u{7}' is not a KB number (update 5f0c2a1b…)")
    }
}

@Suite("row bounds")
struct RowBoundsTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let group = "b73ca6ed-5727-47f3-84de-015e03f6a88a"

    static func computer(_ id: String, lastReport: Date? = nil, name: String? = nil) -> ComputerRecord {
        ComputerRecord(computerID: id, fullDomainName: name ?? "\(id).corp.example", ipAddress: "192.0.2.1", osDescription: "Windows Server 2022",
                       lastSyncAt: nil, lastReportedAt: lastReport, statesChangedAt: nil, groupIDs: [group, "g-bad"])
    }

    @Test("each field beyond its bound skips its row, named; what points at it goes too")
    func bounds() {
        var long = RowScreenTests.patch(RowScreenTests.good, kbs: ["5033118"])
        long.title = String(repeating: "t", count: 1_001)
        var future = RowScreenTests.patch(RowScreenTests.superseded, kbs: ["5033119"])
        future.releaseDate = Self.now.addingTimeInterval(400 * 86_400)
        var revision = RowScreenTests.patch(RowScreenTests.hostileKB, kbs: ["5033120"], revision: 0)
        revision.rebootBehavior = 1
        var fine = RowScreenTests.patch("1a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", kbs: ["5033121"])
        fine.title = String(repeating: "t", count: 1_000)
        fine.releaseDate = Date(timeIntervalSince1970: 631_152_000)
        var lateApproval = RowScreenTests.approval(fine.updateID)
        lateApproval.deadline = Date(timeIntervalSince1970: 253_402_300_799)
        var snapshot = CatalogSnapshot(
            patches: Dictionary(uniqueKeysWithValues: [long, future, revision, fine].map { ($0.key, $0) }),
            approvals: [lateApproval.key: lateApproval],
            groups: [Self.group: TargetGroupRecord(id: Self.group, name: "Production", parentID: nil),
                     "g-bad": TargetGroupRecord(id: "g-bad", name: "", parentID: nil)],
            computers: ["c1": Self.computer("c1"), "c2": Self.computer("c2", lastReport: Date(timeIntervalSince1970: -62_135_596_800)),
                        "c3": Self.computer("c3", name: String(repeating: "n", count: 256))],
            states: ["c1": [fine.updateID: .installed, long.updateID: .failed], "c2": [fine.updateID: .installed]])
        snapshot.statesComplete = ["c1", "c2"]
        let (kept, skipped) = RowScreen.screen(snapshot, now: Self.now)
        #expect(skipped.map(\.kind) == [.update, .update, .update, .computer, .computer, .approval, .group], "\(skipped.map(\.reason))")
        let reasons = skipped.map(\.reason).joined(separator: "\n")
        #expect(reasons.contains("update KB5033118 (5f0c2a1b…): title has 1001 characters (at most 1000)"))
        #expect(reasons.contains("update KB5033119 (0a1b2c3d…): release date "))
        #expect(reasons.contains("update KB5033120 (6a7b8c9d…): revision 0 is not in 1…2147483647"))
        #expect(reasons.contains("computer 'c2.corp.example': last report 0001-01-01"))
        #expect(reasons.contains("name has 256 characters (at most 255)"))
        #expect(reasons.contains("deadline 9999-12-31"))
        #expect(reasons.contains("target group '': name is empty"))
        #expect(kept.patches.keys.map(\.updateID) == [fine.updateID], "at the bounds themselves a row is kept")
        #expect(kept.computers.keys.sorted() == ["c1"] && kept.computers["c1"]?.groupIDs == [Self.group])
        #expect(kept.states == ["c1": [fine.updateID: .installed]] && kept.statesComplete == ["c1"])
        #expect(kept.approvals.isEmpty && kept.groups.keys.sorted() == [Self.group])
        #expect(SkippedRow.summary(skipped).hasPrefix("skipped 3 updates: update KB5033"))
        #expect(SkippedRow.summary(skipped).contains("; skipped 2 computers: computer "))
    }

    @Test("a refused row the CMDB already holds is kept as stored: one bad field removes no computer, update, group or approval")
    func storedRowsStay() {
        var stored = CatalogSnapshot()
        var fine = RowScreenTests.patch(RowScreenTests.good, kbs: ["5033118"])
        fine.releaseDate = Date(timeIntervalSince1970: 1_700_000_000)
        let approval = RowScreenTests.approval(fine.updateID)
        let group = TargetGroupRecord(id: Self.group, name: "Production", parentID: nil)
        var computer = Self.computer("c1")
        computer.groupIDs = [Self.group]
        stored.patches = [fine.key: fine]
        stored.approvals = [approval.key: approval]
        stored.groups = [Self.group: group]
        stored.computers = ["c1": computer]
        stored.states = ["c2": [fine.updateID: .installed]]

        var reported = stored
        var longTitle = fine
        longTitle.title = String(repeating: "t", count: 5_000)
        reported.patches = [fine.key: longTitle]
        var lateDeadline = approval
        lateDeadline.deadline = Self.now.addingTimeInterval(500 * 86_400)
        reported.approvals = [approval.key: lateDeadline]
        reported.groups = [Self.group: TargetGroupRecord(id: Self.group, name: String(repeating: "g", count: 300), parentID: nil)]
        var skewed = computer
        skewed.lastReportedAt = Self.now.addingTimeInterval(800 * 86_400)
        reported.computers = ["c1": skewed, "c2": Self.computer("c2")]
        reported.computers["c2"]?.groupIDs = [Self.group]
        reported.states = ["c2": [fine.updateID: .failed]]
        reported.statesComplete = ["c2"]

        let (kept, skipped) = RowScreen.screen(reported, stored: stored, now: Self.now)
        #expect(skipped.map(\.kind) == [.update, .computer, .group], "\(skipped.map(\.reason))")
        #expect(kept.patches == stored.patches && kept.groups == stored.groups && kept.computers["c1"] == computer)
        #expect(kept.approvals == stored.approvals, "the approval of a held update stays as stored")
        #expect(kept.computers["c2"]?.groupIDs == [Self.group], "a membership in a held group stays")
        #expect(kept.states["c2"] == [fine.updateID: .failed], "a held update's states go on changing")
        let changes = CatalogDiff.changes(stored: stored, reported: kept, cleanup: true)
        #expect(changes.retiredPatches.isEmpty && changes.vanishedPatches.isEmpty && changes.removedApprovals.isEmpty)
        #expect(changes.removedGroups.isEmpty && changes.removedComputers.isEmpty && changes.changedPatches.isEmpty)
    }
}

import Foundation
import PatchbayCore
import SQLKit

struct SQLPatchStatusRepository: PatchStatusRepository {
    let database: any SQLDatabase

    func statusCatalog() async throws -> PatchStatusData {
        var data = PatchStatusData()
        for row in try await database.raw("SELECT * FROM updates WHERE retired_at IS NULL ORDER BY update_id, revision_number").all() {
            let patch = try SQLDiscoveryRepository.patch(row)
            data.patches[patch.updateID] = patch
        }
        for row in try await database.raw("SELECT wsus_server_id, update_id, target_group_id, action, deadline FROM approvals").all() {
            data.approvals[try row.int64("wsus_server_id"), default: []].append(.init(
                updateID: try row.string("update_id"), groupID: try row.string("target_group_id"), action: try row.string("action"),
                deadline: try row.optionalDate("deadline")))
        }
        for row in try await database.raw("SELECT wsus_server_id, group_id, parent_group_id FROM target_groups").all() {
            if let parent = try row.optionalString("parent_group_id") {
                data.groupParents[try row.int64("wsus_server_id"), default: [:]][try row.string("group_id")] = parent
            }
        }
        for row in try await database.raw("SELECT title, policy FROM classifications").all() {
            data.policies[try row.string("title").lowercased()] = PatchPolicy(rawValue: try row.string("policy"))
        }
        return data
    }

    func serverStates(serverIDs: [Int64]) async throws -> PatchStatusData {
        var data = PatchStatusData()
        for start in stride(from: 0, to: serverIDs.count, by: 500) {
            let chunk = Array(serverIDs[start..<min(start + 500, serverIDs.count)])
            var groups: [Int64: [String]] = [:]
            for row in try await database.raw("""
                SELECT m.computer_key, g.group_id FROM computer_target_groups m JOIN target_groups g ON g.id = m.target_group_key
                WHERE m.computer_key IN (SELECT computer_key FROM servers WHERE id IN (\(binds: chunk)))
                """).all() {
                groups[try row.int64("computer_key"), default: []].append(try row.string("group_id"))
            }
            for row in try await database.raw("""
                SELECT s.id AS server_id, c.id AS computer_key, c.wsus_server_id, w.name AS wsus_name, c.last_reported_at
                FROM servers s JOIN computers c ON c.id = s.computer_key JOIN wsus_servers w ON w.id = c.wsus_server_id
                WHERE c.removed_at IS NULL AND s.id IN (\(binds: chunk))
                """).all() {
                let key = try row.int64("computer_key")
                data.serverComputers[try row.int64("server_id")] = .init(
                    key: key, wsusServerID: try row.int64("wsus_server_id"), wsusServerName: try row.string("wsus_name"),
                    lastReportedAt: try row.optionalDate("last_reported_at"), groupIDs: groups[key] ?? [])
            }
        }
        let keys = Array(Set(data.serverComputers.values.map(\.key))).sorted()
        for start in stride(from: 0, to: keys.count, by: 500) {
            let chunk = Array(keys[start..<min(start + 500, keys.count)])
            for row in try await database.raw("""
                SELECT computer_key, update_id, state, changed_at, source, observed_at FROM install_states WHERE computer_key IN (\(binds: chunk))
                """).all() {
                data.states[try row.int64("computer_key"), default: []].append(.init(
                    updateID: try row.string("update_id"), state: InstallState(rawValue: try row.string("state")) ?? .unknown,
                    changedAt: try row.optionalDate("changed_at"), source: try row.string("source"), observedAt: try row.optionalDate("observed_at")))
            }
        }
        return data
    }

    func details(updateID: String) async throws -> PatchDetails? {
        guard let row = try await database.raw("""
            SELECT * FROM updates WHERE update_id = \(bind: updateID) AND retired_at IS NULL ORDER BY revision_number DESC LIMIT 1
            """).first() else { return nil }
        func related(_ sql: SQLQueryString) async throws -> [PatchDetails.Related] {
            try await database.raw(sql).all().map { row in
                let patch = try SQLDiscoveryRepository.patch(row)
                return .init(updateID: patch.updateID, kb: patch.displayKB, title: patch.title)
            }
        }
        // An update has a row per WSUS server and revision; the newest revision of each related one is enough.
        let newest = "SELECT * FROM updates u WHERE retired_at IS NULL AND revision_number = (SELECT max(revision_number) FROM updates v WHERE v.update_id = u.update_id)"
        return PatchDetails(
            patch: try SQLDiscoveryRepository.patch(row),
            supersedes: try await related("""
                \(unsafeRaw: newest) AND update_id IN (SELECT superseded_update_id FROM update_supersedence WHERE update_id = \(bind: updateID))
                GROUP BY update_id ORDER BY kb_numbers
                """),
            supersededBy: try await related("""
                \(unsafeRaw: newest) AND update_id IN (SELECT update_id FROM update_supersedence WHERE superseded_update_id = \(bind: updateID))
                GROUP BY update_id ORDER BY kb_numbers
                """))
    }
}

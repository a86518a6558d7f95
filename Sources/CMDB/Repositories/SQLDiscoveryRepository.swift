import Foundation
import PatchbayCore
import SQLKit

struct SQLDiscoveryRepository: DiscoveryRepository {
    let database: any SQLDatabase
    private var batch: BatchWriter { BatchWriter(database: database) }

    func wsusServerID(name: String, url: String) async throws -> Int64 {
        let row = try await database.raw("""
            INSERT INTO wsus_servers (name, url) VALUES (\(bind: name), \(bind: url))
            ON CONFLICT(name) DO UPDATE SET url = excluded.url RETURNING id
            """).first()
        guard let id = try row?.int64("id") else { throw PatchbayError(.unexpected, "the CMDB returned no id for WSUS server \(name)") }
        return id
    }

    func snapshot(wsusServerID id: Int64) async throws -> CatalogSnapshot {
        var snapshot = CatalogSnapshot()
        snapshot.serverVersion = try await database.raw("SELECT version FROM wsus_servers WHERE id = \(bind: id)").first()?.optionalString("version") ?? ""
        for row in try await database.raw("""
            SELECT u.*, w.missing_since FROM updates u
            JOIN wsus_updates w ON w.update_id = u.update_id AND w.revision_number = u.revision_number
            WHERE w.wsus_server_id = \(bind: id) AND u.retired_at IS NULL
            """).all() {
            let patch = try Self.patch(row)
            snapshot.patches[patch.key] = patch
            if try row.optionalString("missing_since") != nil { snapshot.missingPatches.insert(patch.key) }
        }
        for row in try await database.raw("SELECT * FROM approvals WHERE wsus_server_id = \(bind: id)").all() {
            let approval = ApprovalRecord(
                patch: PatchKey(updateID: try row.string("update_id"), revisionNumber: Int(try row.int64("revision_number"))),
                targetGroupID: try row.string("target_group_id"), action: try row.string("action"),
                deadline: try row.optionalDate("deadline"), approvedAt: try row.optionalDate("approved_at"), approvedBy: try row.string("approved_by"))
            snapshot.approvals[approval.key] = approval
        }
        for row in try await database.raw("SELECT * FROM target_groups WHERE wsus_server_id = \(bind: id)").all() {
            let group = TargetGroupRecord(id: try row.string("group_id"), name: try row.string("name"), parentID: try row.optionalString("parent_group_id"))
            snapshot.groups[group.id] = group
        }
        var membership: [Int64: [String]] = [:]
        for row in try await database.raw("""
            SELECT m.computer_key, g.group_id FROM computer_target_groups m JOIN target_groups g ON g.id = m.target_group_key
            WHERE g.wsus_server_id = \(bind: id)
            """).all() {
            membership[try row.int64("computer_key"), default: []].append(try row.string("group_id"))
        }
        for row in try await database.raw("SELECT * FROM computers WHERE wsus_server_id = \(bind: id) AND removed_at IS NULL").all() {
            let key = try row.int64("id")
            let computer = ComputerRecord(
                computerID: try row.string("computer_id"), fullDomainName: try row.string("full_domain_name"),
                ipAddress: try row.string("ip_address"), osDescription: try row.string("os_description"),
                lastSyncAt: try row.optionalDate("last_sync_at"), lastReportedAt: try row.optionalDate("last_reported_at"),
                statesChangedAt: try row.optionalDate("states_changed_at"), groupIDs: (membership[key] ?? []).sorted())
            snapshot.computers[computer.computerID] = computer
        }
        return snapshot
    }

    func states(wsusServerID id: Int64, computerIDs: Set<String>) async throws -> [String: [String: InstallState]] {
        var states: [String: [String: InstallState]] = [:]
        let wanted = computerIDs.sorted()
        // In chunks, well below SQLite's bind limit.
        for start in stride(from: 0, to: wanted.count, by: 500) {
            let chunk = Array(wanted[start..<min(start + 500, wanted.count)])
            for row in try await database.raw("""
                SELECT c.computer_id, s.update_id, s.state FROM install_states s JOIN computers c ON c.id = s.computer_key
                WHERE c.wsus_server_id = \(bind: id) AND c.removed_at IS NULL AND c.computer_id IN (\(binds: chunk))
                """).all() {
                states[try row.string("computer_id"), default: [:]][try row.string("update_id")] = InstallState(rawValue: try row.string("state")) ?? .unknown
            }
        }
        return states
    }

    func apply(_ changes: CatalogChanges, wsusServerID id: Int64, at: Date) async throws {
        let stamp = Timestamp.text(at)
        try await database.raw("UPDATE wsus_servers SET version = \(bind: changes.serverVersion), last_discovery_at = \(bind: stamp) WHERE id = \(bind: id)").run()
        try await writePatches(changes.newPatches + changes.changedPatches, serverID: id, stamp: stamp)
        for key in changes.vanishedPatches {
            try await database.raw("""
                UPDATE wsus_updates SET missing_since = \(bind: stamp)
                WHERE wsus_server_id = \(bind: id) AND update_id = \(bind: key.updateID) AND revision_number = \(bind: key.revisionNumber)
                """).run()
        }
        for key in changes.returnedPatches {
            try await database.raw("""
                UPDATE wsus_updates SET missing_since = NULL
                WHERE wsus_server_id = \(bind: id) AND update_id = \(bind: key.updateID) AND revision_number = \(bind: key.revisionNumber)
                """).run()
        }
        for key in changes.retiredPatches { try await retire(key, serverID: id, stamp: stamp) }
        for (updateID, superseded) in changes.supersedes {
            try await database.raw("DELETE FROM update_supersedence WHERE update_id = \(bind: updateID)").run()
            try await batch.insert("INSERT INTO update_supersedence (update_id, superseded_update_id) VALUES",
                                   rows: superseded.sorted().map { [updateID, $0] }, suffix: "ON CONFLICT DO NOTHING")
        }
        try await writeApprovals(changes, serverID: id, stamp: stamp)
        try await writeGroups(changes, serverID: id)
        try await writeComputers(changes, serverID: id, stamp: stamp)
        if !changes.isEmpty { try await ChangeCounter(database: database).bump(at: at) }
    }

    private func writePatches(_ patches: [PatchRecord], serverID: Int64, stamp: String) async throws {
        guard !patches.isEmpty else { return }
        let rows: [[any Encodable & Sendable]] = patches.map { p in
            [p.updateID, p.revisionNumber, p.kbNumbers.joined(separator: ","), p.title, p.description, p.classification,
             p.products.joined(separator: "\n"), p.msrcSeverity, p.releaseDate.map(Timestamp.text), p.arrivalDate.map(Timestamp.text),
             p.rebootBehavior, p.isDeclined ? 1 : 0, p.isExpired ? 1 : 0, p.isSuperseded ? 1 : 0, p.bulletins.joined(separator: ","),
             p.moreInfoURLs.joined(separator: "\n"), stamp]
        }
        try await batch.insert("""
            INSERT INTO updates (update_id, revision_number, kb_numbers, title, description, classification, products, msrc_severity,
                release_date, arrival_date, reboot_behavior, is_declined, is_expired, is_superseded, bulletins, more_info_urls, first_seen_at) VALUES
            """, rows: rows, suffix: """
            ON CONFLICT(update_id, revision_number) DO UPDATE SET kb_numbers = excluded.kb_numbers, title = excluded.title,
                description = excluded.description, classification = excluded.classification, products = excluded.products,
                msrc_severity = excluded.msrc_severity, release_date = excluded.release_date, arrival_date = excluded.arrival_date,
                reboot_behavior = excluded.reboot_behavior, is_declined = excluded.is_declined, is_expired = excluded.is_expired,
                is_superseded = excluded.is_superseded, bulletins = excluded.bulletins, more_info_urls = excluded.more_info_urls,
                retired_at = NULL
            """)
        try await batch.insert("INSERT INTO wsus_updates (wsus_server_id, update_id, revision_number) VALUES",
                               rows: patches.map { [serverID, $0.updateID, $0.revisionNumber] },
                               suffix: "ON CONFLICT (wsus_server_id, update_id, revision_number) DO UPDATE SET missing_since = NULL")
    }

    /// Removes a patch from this WSUS server; once no server has it any more, it is retired in the CMDB.
    private func retire(_ key: PatchKey, serverID: Int64, stamp: String) async throws {
        try await database.raw("""
            DELETE FROM wsus_updates WHERE wsus_server_id = \(bind: serverID) AND update_id = \(bind: key.updateID)
                AND revision_number = \(bind: key.revisionNumber)
            """).run()
        try await database.raw("""
            DELETE FROM approvals WHERE wsus_server_id = \(bind: serverID) AND update_id = \(bind: key.updateID)
                AND revision_number = \(bind: key.revisionNumber)
            """).run()
        try await database.raw("""
            DELETE FROM install_states WHERE update_id = \(bind: key.updateID)
                AND computer_key IN (SELECT id FROM computers WHERE wsus_server_id = \(bind: serverID))
            """).run()
        try await database.raw("""
            UPDATE updates SET retired_at = \(bind: stamp)
            WHERE update_id = \(bind: key.updateID) AND revision_number = \(bind: key.revisionNumber)
                AND NOT EXISTS (SELECT 1 FROM wsus_updates w WHERE w.update_id = \(bind: key.updateID) AND w.revision_number = \(bind: key.revisionNumber))
            """).run()
    }

    private func writeApprovals(_ changes: CatalogChanges, serverID: Int64, stamp: String) async throws {
        try await batch.insert("""
            INSERT INTO approvals (wsus_server_id, update_id, revision_number, target_group_id, action, deadline, approved_at, approved_by, first_seen_at) VALUES
            """, rows: changes.upsertedApprovals.map { a in
                [serverID, a.patch.updateID, a.patch.revisionNumber, a.targetGroupID, a.action, a.deadline.map(Timestamp.text),
                 a.approvedAt.map(Timestamp.text), a.approvedBy, stamp]
            }, suffix: """
            ON CONFLICT(wsus_server_id, update_id, revision_number, target_group_id) DO UPDATE SET action = excluded.action,
                deadline = excluded.deadline, approved_at = excluded.approved_at, approved_by = excluded.approved_by
            """)
        try await batch.insert("INSERT INTO new_approvals (wsus_server_id, update_id, revision_number, target_group_id, discovered_at) VALUES",
                               rows: changes.newApprovals.filter { $0.action == "install" }.map {
                                   [serverID, $0.patch.updateID, $0.patch.revisionNumber, $0.targetGroupID, stamp]
                               }, suffix: "ON CONFLICT DO NOTHING")
        for key in changes.removedApprovals {
            try await database.raw("""
                DELETE FROM approvals WHERE wsus_server_id = \(bind: serverID) AND update_id = \(bind: key.patch.updateID)
                    AND revision_number = \(bind: key.patch.revisionNumber) AND target_group_id = \(bind: key.targetGroupID)
                """).run()
        }
    }

    private func writeGroups(_ changes: CatalogChanges, serverID: Int64) async throws {
        try await batch.insert("INSERT INTO target_groups (wsus_server_id, group_id, name, parent_group_id) VALUES",
                               rows: changes.upsertedGroups.map { [serverID, $0.id, $0.name, $0.parentID] },
                               suffix: "ON CONFLICT(wsus_server_id, group_id) DO UPDATE SET name = excluded.name, parent_group_id = excluded.parent_group_id")
        for group in changes.removedGroups {
            try await database.raw("DELETE FROM target_groups WHERE wsus_server_id = \(bind: serverID) AND group_id = \(bind: group)").run()
        }
    }

    /// A computer's row key and its last WSUS report (stored text, so it compares with observation times).
    struct StoredComputer {
        var key: Int64
        var reportedAt: String?
    }

    /// Writes computers, their group memberships and their history.
    private func writeComputers(_ changes: CatalogChanges, serverID: Int64, stamp: String) async throws {
        let written = changes.newComputers + changes.changedComputers
        try await batch.insert("""
            INSERT INTO computers (wsus_server_id, computer_id, full_domain_name, ip_address, os_description, last_sync_at, last_reported_at,
                states_changed_at, first_seen_at) VALUES
            """, rows: written.map { c in
                [serverID, c.computerID, c.fullDomainName, c.ipAddress, c.osDescription, c.lastSyncAt.map(Timestamp.text),
                 c.lastReportedAt.map(Timestamp.text), c.statesChangedAt.map(Timestamp.text), stamp]
            }, suffix: """
            ON CONFLICT(wsus_server_id, computer_id) DO UPDATE SET full_domain_name = excluded.full_domain_name,
                ip_address = excluded.ip_address, os_description = excluded.os_description, last_sync_at = excluded.last_sync_at,
                last_reported_at = excluded.last_reported_at, states_changed_at = excluded.states_changed_at, removed_at = NULL
            """)
        for id in changes.removedComputers {
            try await database.raw("""
                UPDATE computers SET removed_at = \(bind: stamp) WHERE wsus_server_id = \(bind: serverID) AND computer_id = \(bind: id)
                """).run()
        }
        var keys: [String: Int64] = [:]
        var names: [String: String] = [:]
        for row in try await database.raw("""
            SELECT id, computer_id, full_domain_name FROM computers WHERE wsus_server_id = \(bind: serverID)
            """).all() {
            let computerID = try row.string("computer_id")
            keys[computerID] = try row.int64("id")
            names[computerID] = try row.string("full_domain_name")
        }
        var groupKeys: [String: Int64] = [:]
        for row in try await database.raw("SELECT id, group_id FROM target_groups WHERE wsus_server_id = \(bind: serverID)").all() {
            groupKeys[try row.string("group_id")] = try row.int64("id")
        }
        for computer in written {
            guard let key = keys[computer.computerID] else { continue }
            try await database.raw("DELETE FROM computer_target_groups WHERE computer_key = \(bind: key)").run()
            try await batch.insert("INSERT INTO computer_target_groups (computer_key, target_group_key) VALUES",
                                   rows: computer.groupIDs.compactMap { groupKeys[$0] }.map { [key, $0] }, suffix: "ON CONFLICT DO NOTHING")
        }
        var history: [[any Encodable & Sendable]] = []
        for computer in changes.newComputers { history.append([stamp, serverID, computer.computerID, computer.fullDomainName, "added", ""]) }
        for id in changes.movedComputers {
            let groups = (changes.changedComputers.first { $0.computerID == id }?.groupIDs ?? []).joined(separator: ",")
            history.append([stamp, serverID, id, names[id] ?? "", "moved", "groups: \(groups)"])
        }
        for id in changes.removedComputers { history.append([stamp, serverID, id, names[id] ?? "", "removed", ""]) }
        try await batch.insert("INSERT INTO computer_history (at, wsus_server_id, computer_id, full_domain_name, event, detail) VALUES", rows: history)
    }

    /// Writes the states WSUS reported, per (computer, update) the newest observation winning: a state a job
    /// saw stays until a WSUS report for that computer at least as new as the job's look says otherwise
    /// (WSUS often hears from the client minutes after the install). Every change goes into the history,
    /// except a state's first sighting.
    func applyStates(_ changes: StateChanges, wsusServerID serverID: Int64, at: Date) async throws {
        guard !changes.fetched.isEmpty else { return }
        let stamp = Timestamp.text(at)
        let computers = try await storedComputers(changes.fetched, serverID: serverID)
        let observed = try await jobObservations(computerKeys: computers.values.map(\.key))
        func reportIsOlder(_ computer: StoredComputer, than job: JobObservation?) -> Bool {
            guard let job else { return false }
            guard let report = computer.reportedAt else { return true }
            return report < job.observedAt
        }
        var rows: [[any Encodable & Sendable]] = []
        var history: [[any Encodable & Sendable]] = []
        for (computerID, states) in changes.changed {
            guard let computer = computers[computerID] else { continue }
            for (update, state) in states {
                let job = observed[computer.key]?[update]
                if reportIsOlder(computer, than: job) { continue }
                let old = job?.state ?? changes.previous[computerID]?[update]
                if let old, old != state {
                    history.append([computer.key, update, old.rawValue, state.rawValue, InstallStateChange.discoverySource, stamp])
                }
                rows.append([computer.key, update, state.rawValue, stamp, InstallStateChange.discoverySource, computer.reportedAt ?? stamp])
            }
        }
        try await batch.insert("INSERT INTO install_states (computer_key, update_id, state, changed_at, source, observed_at) VALUES", rows: rows,
                               suffix: """
                               ON CONFLICT(computer_key, update_id) DO UPDATE SET state = excluded.state, changed_at = excluded.changed_at,
                                   source = excluded.source, observed_at = excluded.observed_at
                               """)
        for (computerID, updates) in changes.removed {
            guard let computer = computers[computerID] else { continue }
            for update in updates where !reportIsOlder(computer, than: observed[computer.key]?[update]) {
                try await database.raw("DELETE FROM install_states WHERE computer_key = \(bind: computer.key) AND update_id = \(bind: update)").run()
            }
        }
        // What a job saw and a newer WSUS report agrees with becomes WSUS's: the job's word is no longer needed.
        for computerID in changes.fetched {
            guard let computer = computers[computerID], let report = computer.reportedAt, let jobs = observed[computer.key] else { continue }
            for (update, job) in jobs where job.observedAt <= report && changes.changed[computerID]?[update] == nil {
                try await database.raw("""
                    UPDATE install_states SET source = \(bind: InstallStateChange.discoverySource), observed_at = \(bind: report)
                    WHERE computer_key = \(bind: computer.key) AND update_id = \(bind: update)
                    """).run()
            }
        }
        try await StateHistory(database: database).record(history)
        if !changes.isEmpty { try await ChangeCounter(database: database).bump(at: at) }
    }

    /// The rows of these computers of this WSUS server, by computer id.
    private func storedComputers(_ computerIDs: [String], serverID: Int64) async throws -> [String: StoredComputer] {
        var stored: [String: StoredComputer] = [:]
        for start in stride(from: 0, to: computerIDs.count, by: 500) {
            let chunk = Array(computerIDs[start..<min(start + 500, computerIDs.count)])
            for row in try await database.raw("""
                SELECT id, computer_id, last_reported_at FROM computers WHERE wsus_server_id = \(bind: serverID) AND computer_id IN (\(binds: chunk))
                """).all() {
                stored[try row.string("computer_id")] = StoredComputer(key: try row.int64("id"), reportedAt: try row.optionalString("last_reported_at"))
            }
        }
        return stored
    }

    private struct JobObservation {
        var state: InstallState
        var observedAt: String
    }

    /// The states jobs wrote on these computers that WSUS has not confirmed yet (few: each lasts until the
    /// computer's next report), computer key → update id → what the job saw and when.
    private func jobObservations(computerKeys: [Int64]) async throws -> [Int64: [String: JobObservation]] {
        var observed: [Int64: [String: JobObservation]] = [:]
        for start in stride(from: 0, to: computerKeys.count, by: 500) {
            let chunk = Array(computerKeys[start..<min(start + 500, computerKeys.count)])
            for row in try await database.raw("""
                SELECT s.computer_key, s.update_id, s.state, s.observed_at FROM install_states s
                WHERE s.source <> \(bind: InstallStateChange.discoverySource) AND s.computer_key IN (\(binds: chunk))
                """).all() {
                observed[try row.int64("computer_key"), default: [:]][try row.string("update_id")] = JobObservation(
                    state: InstallState(rawValue: try row.string("state")) ?? .unknown, observedAt: try row.optionalString("observed_at") ?? "")
            }
        }
        return observed
    }

    func mapServersToComputers() async throws -> Int {
        var servers: [ServerComputerMatch.Server] = []
        var before: [Int64: Int64?] = [:]
        for row in try await database.raw("SELECT id, wsus_computer_name, host_name, ip_address, computer_key FROM servers").all() {
            let id = try row.int64("id")
            servers.append(.init(id: id, wsusComputerName: try row.string("wsus_computer_name"), hostName: try row.string("host_name"),
                                 ipAddress: try row.string("ip_address")))
            before.updateValue(try row.optionalInt64("computer_key"), forKey: id)
        }
        var computers: [ServerComputerMatch.Computer] = []
        for row in try await database.raw("""
            SELECT id, full_domain_name, ip_address, last_reported_at FROM computers WHERE removed_at IS NULL
            """).all() {
            computers.append(.init(key: try row.int64("id"), fullDomainName: try row.string("full_domain_name"),
                                   ipAddress: try row.string("ip_address"), lastReportedAt: try row.optionalString("last_reported_at")))
        }
        let after = ServerComputerMatch.match(servers, computers)
        // Only the links that change are written, many to a statement.
        let moved = after.filter { before[$0.key] != $0.value }.sorted { $0.key < $1.key }
        for start in stride(from: 0, to: moved.count, by: 1_000) {
            var query = SQLQueryString("UPDATE servers SET computer_key = CAST(v.column2 AS BIGINT) FROM (VALUES ")
            for (index, link) in moved[start..<min(start + 1_000, moved.count)].enumerated() {
                query += index == 0 ? "(\(bind: link.key), \(bind: link.value))" : ", (\(bind: link.key), \(bind: link.value))"
            }
            query += ") AS v WHERE servers.id = v.column1"
            try await database.raw(query).run()
        }
        if !moved.isEmpty { try await ChangeCounter(database: database).bump(at: Date()) }
        return after.values.count { $0 != nil }
    }

    func unannouncedApprovals() async throws -> Set<String> {
        Set(try await database.raw("SELECT DISTINCT update_id FROM new_approvals WHERE notified_at IS NULL").all().map { try $0.string("update_id") })
    }

    func markApprovalsAnnounced(at: Date) async throws {
        try await database.raw("UPDATE new_approvals SET notified_at = \(bind: Timestamp.text(at)) WHERE notified_at IS NULL").run()
    }

    func record(_ run: DiscoveryRun) async throws {
        try await database.raw("""
            INSERT INTO discovery_runs (wsus_server_name, started_at, finished_at, result, cleanup, added, changed, removed, details, error)
            VALUES (\(bind: run.wsusServer), \(bind: Timestamp.text(run.startedAt)), \(bind: Timestamp.text(run.finishedAt)),
                    \(bind: run.succeeded ? "success" : "failure"), \(bind: run.cleanup ? 1 : 0), \(bind: run.added), \(bind: run.changed),
                    \(bind: run.removed), \(bind: run.details), \(bind: run.error))
            """).run()
    }

    func runs(limit: Int) async throws -> [DiscoveryRun] {
        try await database.raw("SELECT * FROM (SELECT * FROM discovery_runs ORDER BY id DESC LIMIT \(literal: limit)) AS newest ORDER BY id").all().map { row in
            DiscoveryRun(wsusServer: try row.string("wsus_server_name"), startedAt: try row.date("started_at"),
                         finishedAt: try row.optionalDate("finished_at") ?? row.date("started_at"), succeeded: try row.string("result") == "success",
                         cleanup: try row.bool("cleanup"), added: Int(try row.int64("added")), changed: Int(try row.int64("changed")),
                         removed: Int(try row.int64("removed")), details: try row.string("details"), error: try row.optionalString("error"))
        }
    }

    func claimScheduledRun(wsusServer: String, dueAt: Date, claimant: String, at: Date) async throws -> String {
        let due = Timestamp.text(dueAt)
        try await database.raw("""
            INSERT INTO discovery_ticks (wsus_server, due_at, taken_by, taken_at) VALUES (\(bind: wsusServer), \(bind: due), \(bind: claimant),
                \(bind: Timestamp.text(at)))
            ON CONFLICT (wsus_server, due_at) DO NOTHING
            """).run()
        // Ticks of more than a month ago are of no use to anyone; keep the table small.
        try await database.raw("DELETE FROM discovery_ticks WHERE due_at < \(bind: Timestamp.text(dueAt.addingTimeInterval(-30 * 86400)))").run()
        return try await database.raw("""
            SELECT taken_by FROM discovery_ticks WHERE wsus_server = \(bind: wsusServer) AND due_at = \(bind: due)
            """).first()?.string("taken_by") ?? claimant
    }

    static func patch(_ row: any SQLRow) throws -> PatchRecord {
        func list(_ column: String, _ separator: Character) throws -> [String] {
            try row.string(column).split(separator: separator).map(String.init)
        }
        return PatchRecord(
            updateID: try row.string("update_id"), revisionNumber: Int(try row.int64("revision_number")),
            kbNumbers: try list("kb_numbers", ","), title: try row.string("title"), description: try row.string("description"),
            classification: try row.string("classification"), products: try list("products", "\n"), msrcSeverity: try row.string("msrc_severity"),
            releaseDate: try row.optionalDate("release_date"), arrivalDate: try row.optionalDate("arrival_date"),
            rebootBehavior: try row.optionalInt64("reboot_behavior").map(Int.init), isDeclined: try row.bool("is_declined"),
            isExpired: try row.bool("is_expired"), isSuperseded: try row.bool("is_superseded"), bulletins: try list("bulletins", ","),
            moreInfoURLs: try list("more_info_urls", "\n"))
    }
}

import Foundation
import PatchbayCore
import SQLKit

struct SQLInstallStateRepository: InstallStateRepository {
    let database: any SQLDatabase
    private var batch: BatchWriter { BatchWriter(database: database) }

    func observe(_ states: [String: InstallState], serverID: Int64, source: String, at: Date) async throws -> Int {
        guard !states.isEmpty,
              let key = try await database.raw("SELECT computer_key FROM servers WHERE id = \(bind: serverID)").first()?.optionalInt64("computer_key")
        else { return 0 }
        let wanted = states.keys.sorted()
        var current: [String: InstallState] = [:]
        for row in try await database.raw("""
            SELECT update_id, state FROM install_states WHERE computer_key = \(bind: key) AND update_id IN (\(binds: wanted))
            """).all() {
            current[try row.string("update_id")] = InstallState(rawValue: try row.string("state")) ?? .unknown
        }
        let stamp = Timestamp.text(at)
        var history: [[any Encodable & Sendable]] = []
        var rows: [[any Encodable & Sendable]] = []
        for update in wanted {
            let state = states[update]!
            let old = current[update]
            if old != state { history.append([key, update, old?.rawValue, state.rawValue, source, stamp]) }
            rows.append([key, update, state.rawValue, stamp, source, stamp])
        }
        // The newest observation wins: the job's look replaces whatever was stored, and says so in `source`.
        try await batch.insert("INSERT INTO install_states (computer_key, update_id, state, changed_at, source, observed_at) VALUES", rows: rows, suffix: """
            ON CONFLICT(computer_key, update_id) DO UPDATE SET source = excluded.source, observed_at = excluded.observed_at,
                changed_at = CASE WHEN install_states.state = excluded.state THEN install_states.changed_at ELSE excluded.changed_at END,
                state = excluded.state
            """)
        try await StateHistory(database: database).record(history)
        if !history.isEmpty { try await ChangeCounter(database: database).bump(at: at) }
        return history.count
    }

    func history(serverID: Int64, limit: Int) async throws -> [InstallStateChange] {
        try await database.raw("""
            SELECT h.update_id, h.old_state, h.new_state, h.source, h.at,
                (SELECT u.kb_numbers FROM updates u WHERE u.update_id = h.update_id ORDER BY u.revision_number DESC LIMIT 1) AS kb_numbers
            FROM install_state_history h JOIN servers s ON s.computer_key = h.computer_key
            WHERE s.id = \(bind: serverID) ORDER BY h.id DESC LIMIT \(literal: max(limit, 0))
            """).all().map { row in
            let kbs = try row.optionalString("kb_numbers") ?? ""
            return InstallStateChange(updateID: try row.string("update_id"), kb: kbs.split(separator: ",").first.map { "KB\($0)" } ?? "",
                                      old: try row.optionalString("old_state").map { InstallState(rawValue: $0) ?? .unknown },
                                      new: InstallState(rawValue: try row.string("new_state")) ?? .unknown,
                                      source: try row.string("source"), at: try row.date("at"))
        }
    }

    func changeCounter() async throws -> Int64 {
        try await ChangeCounter(database: database).current()
    }
}

/// Appends to the install-state history: (computer key, update id, old state or nil, new state, source, time).
struct StateHistory {
    let database: any SQLDatabase

    func record(_ rows: [[any Encodable & Sendable]]) async throws {
        try await BatchWriter(database: database).insert(
            "INSERT INTO install_state_history (computer_key, update_id, old_state, new_state, source, at) VALUES", rows: rows)
    }
}

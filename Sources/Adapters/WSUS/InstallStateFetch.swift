import PatchbayCore
import WSUS

/// Reads the install states of many computers over several connections to one WSUS server. Each connection
/// works through its share of the computers one call at a time (a connection never carries two calls: NTLM)
/// and packs what it reads into a compact table; the tables are merged at the end.
struct InstallStateFetch: Sendable {
    let client: WSUSClient
    let connections: Int

    func states(of computerIDs: [String]) async throws -> InstallStateTable {
        guard !computerIDs.isEmpty else { return InstallStateTable() }
        let count = min(connections, computerIDs.count)
        // The first connection is the source's own, already authenticated; the others are opened for this run.
        var clients = [client]
        for _ in 1..<count { clients.append(try WSUSClient(settings: client.settings)) }
        return try await withThrowingTaskGroup(of: InstallStateTable.self) { group in
            for (index, client) in clients.enumerated() {
                let share = stride(from: index, to: computerIDs.count, by: count).map { computerIDs[$0] }
                group.addTask {
                    var table = InstallStateTable()
                    for id in share {
                        try Task.checkCancellation()
                        table[id] = try await client.installationStates(computerID: id).mapValues(InstallState.init(wire:))
                    }
                    return table
                }
            }
            var merged = InstallStateTable()
            for try await table in group { merged.merge(table) }
            return merged
        }
    }
}

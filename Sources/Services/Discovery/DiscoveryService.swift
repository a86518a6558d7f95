import Foundation
import PatchbayCore

/// Discovery: pulls every configured WSUS server into the CMDB.
///
/// Per WSUS server the run is one transaction: the server is read completely first, the diff is applied
/// in one write, so a failure anywhere leaves that server's data exactly as it was; the failed run is
/// recorded and the next server is tried. Only one discovery of a WSUS server runs at a time, on any host of the
/// CMDB (a named lock per WSUS server, taken for all of a run's servers before it starts). Update rows whose id is
/// not a GUID or whose KB is not digits are never stored; the run's record counts and names them.
public struct DiscoveryService: Sendable {
    let context: ServiceContext
    let sources: [any WSUSSource]
    private var audit: AuditTrail { AuditTrail(context: context) }

    /// Computers whose states are diffed and written together: large enough for multi-row statements, small
    /// enough that the rows of one chunk (about 120 states per computer) are a few MiB.
    static let statesChunk = 500

    /// The lock that keeps discovery of one WSUS server to one run at a time.
    public static func lockName(wsus: String) -> String { "discovery of \(wsus)" }

    public init(context: ServiceContext, sources: [any WSUSSource]) {
        self.context = context
        self.sources = sources
    }

    public struct Report: Sendable {
        public var run: DiscoveryRun
        public var changes: CatalogChanges?
        public var mappedServers: Int
        /// Update rows refused because their id or KB is not of WSUS's shape; none of them was stored.
        public var skipped: [SkippedRow] = []
        /// Apply-request mails queued after this run (set on the last report of a run).
        public var applyRequestMails = 0
    }

    /// Runs discovery for every source; throws after trying all if any failed (the reports say which).
    public func run(cleanup: Bool, holder: String) async throws -> [Report] {
        var parameters = [AuditParameter("repository", "true"), AuditParameter("cleanup", cleanup ? "true" : "false")]
        parameters.append(.init("wsus", sources.map(\.name).joined(separator: ",")))
        do {
            try context.require(.administer, .system, "run discovery")
        } catch {
            await audit.fail("update-info", parameters, error: error)
            throw error
        }
        guard !sources.isEmpty else {
            let error = PatchbayError.badArguments("no WSUS server is configured", fix: "add a 'wsus:' entry to the configuration (see docs/operations.md, 'Configuration')")
            await audit.fail("update-info", parameters, error: error)
            throw error
        }
        var locks: [any HeldLock] = []
        defer { locks.forEach { $0.release() } }
        do {
            for name in Set(sources.map(\.name)).sorted() {
                locks.append(try await context.store.exclusiveLock(Self.lockName(wsus: name), holder: holder))
            }
        } catch {
            await audit.fail("update-info", parameters, error: error)
            throw error
        }
        var reports: [Report] = []
        for source in sources {
            reports.append(await discover(source, cleanup: cleanup))
        }
        let failures = reports.filter { !$0.run.succeeded }
        var summary = reports.map { "\($0.run.wsusServer): \($0.run.succeeded ? "ok" : "failed")" }.joined(separator: ", ")
        if failures.count < reports.count {
            let mails = try await ApplyRequestMails(context: context).queue()
            summary += "; apply-request mails queued: \(mails)"
            if !reports.isEmpty { reports[reports.count - 1].applyRequestMails = mails }
        }
        if failures.isEmpty {
            try await audit.write("update-info", parameters + [.init("result", summary)]) { _ in }
            return reports
        }
        let error = PatchbayError(.unexpected, failures.map { $0.run.error ?? "\($0.run.wsusServer) failed" }.joined(separator: "\n"),
                                  fix: Self.fix(for: failures))
        await audit.fail("update-info", parameters, error: error)
        throw DiscoveryFailure(reports: reports, error: error)
    }

    private func discover(_ source: any WSUSSource, cleanup: Bool) async -> Report {
        let started = context.now()
        do {
            let serverID = try await context.store.write { try await $0.discovery.wsusServerID(name: source.name, url: source.url) }
            let stored = try await context.store.read { try await $0.discovery.snapshot(wsusServerID: serverID) }
            let (reported, skipped) = RowScreen.screen(try await source.fetch(stored: stored), stored: stored, now: context.now())
            let catalog = CatalogDiff.changes(stored: stored, reported: reported, cleanup: cleanup)
            let (run, mapped, changes) = try await context.store.write { session -> (DiscoveryRun, Int, CatalogChanges) in
                var changes = catalog
                try await session.discovery.apply(changes, wsusServerID: serverID, at: context.now())
                // States a chunk of computers at a time: read what is stored, diff, write; never all rows at once.
                let fetched = reported.statesComplete.sorted()
                for start in stride(from: 0, to: fetched.count, by: Self.statesChunk) {
                    let chunk = Array(fetched[start..<min(start + Self.statesChunk, fetched.count)])
                    let before = try await session.discovery.states(wsusServerID: serverID, computerIDs: Set(chunk))
                    let states = CatalogDiff.states(of: chunk, stored: before, reported: reported.states)
                    try await session.discovery.applyStates(states, wsusServerID: serverID, at: context.now())
                    changes.count(states)
                }
                let mapped = try await session.discovery.mapServersToComputers()
                let run = DiscoveryRun(wsusServer: source.name, startedAt: started, finishedAt: context.now(), succeeded: true, cleanup: cleanup,
                                       added: changes.added, changed: changes.changed, removed: changes.removed,
                                       details: Self.details(changes, reported, skipped), error: nil)
                try await session.discovery.record(run)
                return (run, mapped, changes)
            }
            return Report(run: run, changes: changes, mappedServers: mapped, skipped: skipped)
        } catch {
            let message = (error as? PatchbayError)?.message ?? String(describing: error)
            let run = DiscoveryRun(wsusServer: source.name, startedAt: started, finishedAt: context.now(), succeeded: false, cleanup: cleanup,
                                   added: 0, changed: 0, removed: 0, details: "", error: message)
            try? await context.store.write { try await $0.discovery.record(run) }
            return Report(run: run, changes: nil, mappedServers: 0)
        }
    }

    private static func details(_ changes: CatalogChanges, _ reported: CatalogSnapshot, _ skipped: [SkippedRow]) -> String {
        let refused = skipped.isEmpty ? "" : "; " + SkippedRow.summary(skipped)
        return "version \(changes.serverVersion); patches \(reported.patches.count) (+\(changes.newPatches.count) ~\(changes.changedPatches.count) "
            + "-\(changes.vanishedPatches.count) retired \(changes.retiredPatches.count)); approvals +\(changes.newApprovals.count) "
            + "-\(changes.removedApprovals.count); computers \(reported.computers.count) (+\(changes.newComputers.count) "
            + "-\(changes.removedComputers.count) moved \(changes.movedComputers.count)); states fetched for \(reported.statesComplete.count)" + refused
    }

    private static func fix(for failures: [Report]) -> String {
        failures.count == 1 ? "see the cause above; the CMDB still holds that server's last good data" :
            "see the causes above; the CMDB still holds each failed server's last good data"
    }
}

/// Discovery failed for at least one WSUS server; `reports` has every server's outcome.
public struct DiscoveryFailure: Error, Sendable, CustomStringConvertible {
    public var reports: [DiscoveryService.Report]
    public var error: PatchbayError

    public var description: String { error.description }
}

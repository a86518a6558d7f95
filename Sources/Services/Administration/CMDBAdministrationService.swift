import Foundation
import PatchbayCore

/// What the management server's shell does to the CMDB as a whole: look at it, and record a copy to another
/// engine. Only the management server (or an administrator) may; both are audited.
public struct CMDBAdministrationService: Sendable {
    let context: ServiceContext
    private var audit: AuditTrail { AuditTrail(context: context) }

    public init(context: ServiceContext) {
        self.context = context
    }

    /// The job runners that announced themselves to this CMDB, and whether each is alive now by the database's
    /// clock (the one every host of a shared CMDB agrees on).
    public func runners() async throws -> [(runner: RunnerRecord, alive: Bool)] {
        let (records, now) = try await audit.write("cmdb status", []) { session in
            try context.require(.administer, .system, "look at the CMDB's status")
            return (try await session.jobs.runners(), try await session.jobs.databaseNow())
        }
        return records.map { ($0, $0.isAlive(at: now)) }
    }

    /// Writes the copy's own record into the CMDB it copied to, after the copy, so the audit log it carried
    /// over is the old one, whole.
    public func recordCopy(from source: String, to target: String, tables: Int, rows: Int) async throws {
        try await audit.write("cmdb copy", [AuditParameter("from", source), AuditParameter("to", target), AuditParameter("tables", String(tables)),
                                            AuditParameter("rows", String(rows))]) { _ in
            try context.require(.administer, .system, "copy the CMDB")
        }
    }
}

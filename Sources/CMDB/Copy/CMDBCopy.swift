import Crypto
import Foundation
import PatchbayCore
import SQLKit

/// Copies a SQLite CMDB into an empty PostgreSQL one, all or nothing: every table in an order that satisfies
/// its references, ids kept and identity sequences set past them, then every table verified (row count and a
/// content checksum, the same on both sides) inside the same transaction, so a difference leaves PostgreSQL
/// as it was. The schema versions must match (both are brought up to date when opened).
public struct CMDBCopy: Sendable {
    public struct Table: Sendable, Hashable {
        public var name: String
        public var rows: Int
        /// SHA-256 over the rows' canonical text, independent of their order (hex).
        public var checksum: String
    }

    /// Filled by migrations, not by people: replaced by the source's rows.
    static let seeded: Set<String> = ["classifications", "cmdb_changes"]

    let source: SQLiteCMDB
    let target: PostgresCMDB

    public init(source: SQLiteCMDB, target: PostgresCMDB) {
        self.source = source
        self.target = target
    }

    public func run() async throws -> [Table] {
        let sourceVersions = try await source.appliedMigrations()
        let targetVersions = try await target.appliedMigrations()
        guard sourceVersions == targetVersions else {
            throw PatchbayError(.conflict, "the SQLite CMDB has schema version \(sourceVersions.last ?? 0) and PostgreSQL \(targetVersions.last ?? 0)",
                                fix: "run the same Patchbay on both (opening a CMDB brings it up to date), then copy again")
        }
        let kinds = try await target.withDatabase(write: false) { database in try await Self.columnKinds(database) }
        let tables = try await source.withDatabase(write: false) { database in try await SQLiteTables.read(database, kinds: kinds) }
        let location = target.location
        return try await target.withDatabase(write: true) { database in
            for table in tables where !Self.seeded.contains(table.name) && table.name != "schema_migrations" {
                let held = try await database.raw("SELECT count(*) AS n FROM \(ident: table.name)").first()?.decode(column: "n", as: Int.self) ?? 0
                guard held == 0 else {
                    throw PatchbayError(.conflict, "the PostgreSQL CMDB \(location) already holds \(held) row(s) in \(table.name)",
                                        fix: "copy into an empty database (createdb a new one and point the configuration at it)")
                }
            }
            var report: [Table] = []
            for table in tables where table.name != "schema_migrations" {
                if Self.seeded.contains(table.name) { try await database.raw("DELETE FROM \(ident: table.name)").run() }
                let columns = table.columns.map(\.name).joined(separator: ", ")
                try await BatchWriter(database: database).insert("INSERT INTO \(table.name) (\(columns)) VALUES", rows: table.rows.map { row in zip(row, table.columns).map { $0.bindable(as: $1.kind) } })
                if table.columns.contains(where: { $0.name == "id" && $0.isIdentity }) {
                    try await database.raw("""
                        SELECT setval(pg_get_serial_sequence(\(bind: table.name), 'id'), (SELECT COALESCE(max(id), 0) + 1 FROM \(ident: table.name)), false)
                        """).run()
                }
                let copied = try await database.raw("SELECT \(unsafeRaw: columns) FROM \(ident: table.name)").all().map { row in
                    try table.columns.map { try $0.value(in: row) }
                }
                let expected = Table(name: table.name, rows: table.rows.count, checksum: Self.checksum(table.rows))
                let found = Table(name: table.name, rows: copied.count, checksum: Self.checksum(copied))
                guard found == expected else {
                    throw PatchbayError(.unexpected, "\(table.name) did not arrive whole: \(expected.rows) row(s) sent, \(found.rows) found,"
                                        + " checksums \(expected.checksum.prefix(12)) and \(found.checksum.prefix(12)); nothing was copied",
                                        fix: "see the PostgreSQL server's log, then copy again")
                }
                report.append(expected)
            }
            return report
        }
    }

    /// How PostgreSQL stores each column of each table.
    static func columnKinds(_ database: any SQLDatabase) async throws -> [String: [String: SQLiteTables.Column.Kind]] {
        var kinds: [String: [String: SQLiteTables.Column.Kind]] = [:]
        for row in try await database.raw("""
            SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()
            """).all() {
            let type = try row.decode(column: "data_type", as: String.self)
            let kind: SQLiteTables.Column.Kind = ["bigint", "integer", "smallint"].contains(type) ? .integer : (type == "double precision" || type == "real" ? .real : .text)
            kinds[try row.decode(column: "table_name", as: String.self), default: [:]][try row.decode(column: "column_name", as: String.self)] = kind
        }
        return kinds
    }

    /// Each row hashed on its own and the sorted hashes hashed again: the same whatever order an engine
    /// returns the rows in, or how its collation sorts text.
    static func checksum(_ rows: [[SQLiteTables.Value]]) -> String {
        let hashes = rows.map { row in Data(SHA256.hash(data: Data(row.map(\.canonical).joined(separator: "\u{1F}").utf8))) }
            .sorted { $0.lexicographicallyPrecedes($1) }
        var whole = SHA256()
        for hash in hashes { whole.update(data: hash) }
        return whole.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

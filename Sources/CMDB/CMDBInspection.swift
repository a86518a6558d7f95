import PatchbayCore
import SQLKit

/// What `cmdb status` shows of a CMDB, whichever engine holds it.
public protocol CMDBInspection: CMDBStore {
    /// "sqlite" or "postgresql".
    var engineName: String { get }
    /// The schema versions recorded, oldest first.
    func appliedMigrations() async throws -> [Int]
    /// Every table with its number of rows, by name.
    func tableSizes() async throws -> [TableSize]
}

/// A table and its number of rows.
public struct TableSize: Sendable, Hashable {
    public var table: String
    public var rows: Int
}

enum TableSizes {
    static func count(_ names: [String], in database: any SQLDatabase) async throws -> [TableSize] {
        var sizes: [TableSize] = []
        for name in names.sorted() {
            let rows = try await database.raw("SELECT count(*) AS n FROM \(ident: name)").first()?.decode(column: "n", as: Int.self) ?? 0
            sizes.append(TableSize(table: name, rows: rows))
        }
        return sizes
    }
}

extension SQLiteCMDB: CMDBInspection {
    public var engineName: String { "sqlite" }

    public func tableSizes() async throws -> [TableSize] {
        try await withDatabase(write: false) { database in
            let names = try await database.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
                .map { try $0.decode(column: "name", as: String.self) }
            return try await TableSizes.count(names, in: database)
        }
    }
}

extension PostgresCMDB: CMDBInspection {
    public var engineName: String { "postgresql" }

    public func tableSizes() async throws -> [TableSize] {
        try await withDatabase(write: false) { database in
            let names = try await database.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
                .all().map { try $0.decode(column: "name", as: String.self) }
            return try await TableSizes.count(names, in: database)
        }
    }
}

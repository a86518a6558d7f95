import Foundation
import PatchbayCore
import SQLKit

/// Every table of a SQLite CMDB with its columns and rows, typed as declared, in an order in which each
/// table comes after the tables it refers to.
enum SQLiteTables {
    enum Value: Sendable, Hashable {
        case null, integer(Int64), text(String), real(Double)

        /// The value as a bind; a NULL is typed as its column, since PostgreSQL refuses a text NULL for a number.
        func bindable(as kind: Column.Kind) -> any Encodable & Sendable {
            switch self {
            case .null:
                switch kind {
                case .integer: return Int64?.none
                case .real: return Double?.none
                case .text: return String?.none
                }
            case .integer(let value): return value
            case .text(let value): return value
            case .real(let value): return value
            }
        }

        var canonical: String {
            switch self {
            case .null: return "\u{0}"
            case .integer(let value): return "i" + String(value)
            case .text(let value): return "t" + value
            case .real(let value): return "r" + String(value)
            }
        }
    }

    struct Column: Sendable, Hashable {
        enum Kind: Sendable, Hashable { case integer, text, real }
        var name: String
        var kind: Kind
        /// SQLite's row-id key (`id INTEGER PRIMARY KEY`), an identity column on PostgreSQL.
        var isIdentity: Bool

        func value(in row: any SQLRow) throws -> Value {
            switch kind {
            case .integer: return try row.decode(column: name, as: Int64?.self).map(Value.integer) ?? .null
            case .text: return try row.decode(column: name, as: String?.self).map(Value.text) ?? .null
            case .real: return try row.decode(column: name, as: Double?.self).map(Value.real) ?? .null
            }
        }
    }

    struct Table: Sendable {
        var name: String
        var columns: [Column]
        var rows: [[Value]]
    }

    /// `kinds`: table → column → how the target stores it, which decides how each value is read (SQLite
    /// columns declared without a type hold whatever was written into them).
    static func read(_ database: any SQLDatabase, kinds: [String: [String: Column.Kind]] = [:]) async throws -> [Table] {
        let names = try await database.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").all()
            .map { try $0.decode(column: "name", as: String.self) }
        var references: [String: Set<String>] = [:]
        var tables: [String: Table] = [:]
        for name in names {
            references[name] = Set(try await database.raw("SELECT \"table\" AS target FROM pragma_foreign_key_list(\(bind: name))").all()
                .map { try $0.decode(column: "target", as: String.self) }).subtracting([name])
            let info = try await database.raw("SELECT name, type, pk FROM pragma_table_info(\(bind: name)) ORDER BY cid").all()
            let keyColumns = try info.filter { try $0.decode(column: "pk", as: Int.self) > 0 }.count
            let columns: [Column] = try info.map { row in
                let column = try row.decode(column: "name", as: String.self)
                let type = try row.decode(column: "type", as: String.self).uppercased()
                let declared: Column.Kind = type.contains("INT") ? .integer : (type.contains("REAL") || type.contains("DOUB") ? .real : .text)
                let kind = kinds[name]?[column] ?? declared
                let isKey = try row.decode(column: "pk", as: Int.self) > 0
                return Column(name: column, kind: kind, isIdentity: isKey && keyColumns == 1 && type == "INTEGER" && column == "id")
            }
            let list = columns.map(\.name).joined(separator: ", ")
            let rows = try await database.raw("SELECT \(unsafeRaw: list) FROM \(ident: name)").all().map { row in try columns.map { try $0.value(in: row) } }
            tables[name] = Table(name: name, columns: columns, rows: rows)
        }
        // Kahn's order over the references, ties in creation order.
        var ordered: [Table] = []
        var placed: Set<String> = []
        while ordered.count < names.count {
            guard let next = names.first(where: { !placed.contains($0) && (references[$0] ?? []).isSubset(of: placed) }) else {
                throw PatchbayError(.unexpected, "the CMDB's tables refer to each other in a circle", fix: "report this; the copy cannot order them")
            }
            placed.insert(next)
            ordered.append(tables[next]!)
        }
        return ordered
    }
}

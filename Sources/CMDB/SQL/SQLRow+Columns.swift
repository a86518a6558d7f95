import Foundation
import PatchbayCore
import SQLKit

extension SQLRow {
    func string(_ column: String) throws -> String {
        try decode(column: column, as: String.self)
    }

    func optionalString(_ column: String) throws -> String? {
        try decode(column: column, as: String?.self)
    }

    func int64(_ column: String) throws -> Int64 {
        try decode(column: column, as: Int64.self)
    }

    func optionalInt64(_ column: String) throws -> Int64? {
        try decode(column: column, as: Int64?.self)
    }

    func bool(_ column: String) throws -> Bool {
        try decode(column: column, as: Int64.self) != 0
    }

    func optionalDate(_ column: String) throws -> Date? {
        try optionalString(column).flatMap { Timestamp.date($0) }
    }

    func date(_ column: String) throws -> Date {
        let text = try string(column)
        guard let date = Timestamp.date(text) else {
            throw PatchbayError(.unexpected, "the CMDB holds an unreadable time '\(text)' in column \(column)",
                                fix: "restore the CMDB from a backup or repair the row with sqlite3")
        }
        return date
    }
}

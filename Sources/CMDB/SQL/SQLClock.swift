import Foundation
import PatchbayCore
import SQLKit

/// A `LeaseClock` as SQL text in the stored timestamp format (see `Timestamp`), so a statement stamps and
/// compares with the database's own clock: PostgreSQL's `now()` (the one every host of the CMDB shares), or
/// SQLite's, which is the one host's clock anyway.
struct SQLClock: Sendable {
    let engine: CMDBEngine
    let clock: LeaseClock

    /// Now, as stored text.
    var now: SQLQueryString { now(plus: 0) }

    /// Now plus `seconds` (negative for the past), as stored text.
    func now(plus seconds: Double) -> SQLQueryString {
        switch (clock, engine) {
        case (.fixed(let date), _):
            return "\(bind: Timestamp.text(date.addingTimeInterval(seconds)))"
        case (.database, .postgres):
            return """
                to_char((now() + \(bind: seconds) * interval '1 second') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                """
        case (.database, .sqlite):
            return "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', \(bind: String(format: "%+.3f seconds", seconds)))"
        }
    }
}

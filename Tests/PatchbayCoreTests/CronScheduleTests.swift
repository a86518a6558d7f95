import Foundation
import PatchbayCore
import Testing

@Suite("Cron schedules")
struct CronScheduleTests {
    let utc = TimeZone(identifier: "UTC")!

    func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("every two hours fires on the next even hour")
    func everyTwoHours() throws {
        let schedule = try CronSchedule("0 */2 * * *")
        #expect(schedule.next(after: date("2026-11-29T08:30:00Z"), in: utc) == date("2026-11-29T10:00:00Z"))
        #expect(schedule.next(after: date("2026-11-29T10:00:00Z"), in: utc) == date("2026-11-29T12:00:00Z"))
    }

    @Test("weekday names and ranges")
    func weekdays() throws {
        let schedule = try CronSchedule("30 1 * * mon-fri")
        // 2026-11-28 is a Saturday: the next run is Monday 01:30.
        #expect(schedule.next(after: date("2026-11-28T12:00:00Z"), in: utc) == date("2026-11-30T01:30:00Z"))
    }

    @Test("month lists skip ahead")
    func months() throws {
        let schedule = try CronSchedule("0 3 1 jan,jul *")
        #expect(schedule.next(after: date("2026-11-29T00:00:00Z"), in: utc) == date("2027-01-01T03:00:00Z"))
    }

    @Test("bad schedules are refused with a reason", arguments: ["", "* * * *", "60 * * * *", "* 24 * * *", "*/0 * * * *", "5-1 * * * *", "* * * foo *"])
    func invalid(text: String) {
        #expect(throws: CronSchedule.ParseError.self) { try CronSchedule(text) }
    }
}

import Foundation
import PatchbayCore
import Testing

@Suite struct DigitsTests {
    @Test func padsToTheWidthAndNeverCuts() {
        func text(_ value: Int, _ width: Int) -> String {
            var out = ""
            Digits.append(value, width: width, to: &out)
            return out
        }
        #expect(text(7, 2) == "07")
        #expect(text(0, 3) == "000")
        #expect(text(2026, 4) == "2026")
        #expect(text(12345, 2) == "12345")
    }

    @Test func formatsAsTheOldFormatStringDid() {
        for (parts, between) in [([2026, 12, 7, 9, 5, 3], Character("T")), ([1999, 1, 31, 23, 59, 0], Character(" "))] {
            let expected = String(format: "%04d-%02d-%02d\(between)%02d:%02d:%02d", parts[0], parts[1], parts[2], parts[3], parts[4], parts[5])
            #expect(Digits.dateTime(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], between: between) == expected)
        }
    }

    @Test func isoTimesReadAsFoundationWritesThem() {
        for seconds in [0.0, 1_765_000_000.4, 1_796_774_399.999, 951_782_400] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(UTCTime.iso(date) == ISO8601DateFormatter().string(from: date))
        }
    }
}

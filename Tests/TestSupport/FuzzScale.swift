import Foundation

/// How many cases a fuzz test runs: its `make test` count, times PATCHBAY_FUZZ_SCALE (`make fuzz` sets 10).
/// Every fuzz test also stops starting cases after its time budget, times the same scale.
public enum FuzzScale {
    public static var factor: Int {
        ProcessInfo.processInfo.environment["PATCHBAY_FUZZ_SCALE"].flatMap(Int.init).map { max($0, 1) } ?? 1
    }

    public static func cases(_ base: Int) -> Int { base * factor }

    /// A deadline `seconds` (scaled) from now.
    public static func deadline(_ seconds: TimeInterval) -> Date { Date().addingTimeInterval(seconds * Double(factor)) }
}

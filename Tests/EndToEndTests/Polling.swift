import Foundation

/// Asks `condition` every `interval` until it holds or `timeout` passes; returns whether it held. It sleeps without
/// holding a thread: Swift Testing runs tests on the cooperative pool, one thread per core, and a long end-to-end
/// test that blocked its thread while waiting would stall the async tests of other suites on a 2-core machine.
@discardableResult
func poll(timeout: TimeInterval, interval: TimeInterval = 0.1, until condition: () throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
    }
    return try condition()
}

/// The same, holding the test's thread: for a test whose timing matters once it runs. An async test waiting
/// in `poll` needs a free thread of the cooperative pool to go on, and on two cores other suites' blocking
/// tests can hold both for minutes, so its deadline may pass while it cannot look.
@discardableResult
func pollHolding(timeout: TimeInterval, interval: TimeInterval = 0.1, until condition: () throws -> Bool) throws -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: interval)
    }
    return try condition()
}

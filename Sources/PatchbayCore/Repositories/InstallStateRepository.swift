import Foundation

/// Install states as jobs see them, their history, and the counter that tells readers the lists changed.
public protocol InstallStateRepository: Sendable {
    /// Records what a job saw of the server's updates (update id → state), with `source` (`job N`) and the
    /// moment it looked; each changed state goes into the history. Returns how many states changed. A server
    /// not matched to a WSUS computer has no states to record: 0.
    @discardableResult
    func observe(_ states: [String: InstallState], serverID: Int64, source: String, at: Date) async throws -> Int
    /// The newest changes of the server's install states, newest first.
    func history(serverID: Int64, limit: Int) async throws -> [InstallStateChange]
    /// Moves on whenever something the lists show changed (discovery, a job's observation, a server's
    /// registration), in the transaction of that change: a reader polls it to know when to read again.
    func changeCounter() async throws -> Int64
}

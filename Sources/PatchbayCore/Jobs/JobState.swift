/// A job's state, derived from its chains (docs/architecture.md §4).
public enum JobState: String, Sendable, Hashable, CaseIterable {
    case scheduled
    case running
    case waitingForAction = "waiting-for-action"
    case completed
    case completedWithErrors = "completed-with-errors"
    case cancelled

    public var isFinished: Bool { self == .completed || self == .completedWithErrors || self == .cancelled }

    public static func of(_ chains: [JobChain]) -> JobState {
        of(chainStates: chains.map(\.state))
    }

    public static func of(chainStates states: [JobChain.State]) -> JobState {
        if states.isEmpty { return .completed }
        if states.contains(.waitingForAction) { return .waitingForAction }
        if states.allSatisfy({ $0 == .cancelled }) { return .cancelled }
        if states.allSatisfy(\.isFinished) {
            return states.allSatisfy { $0 == .completed } ? .completed : .completedWithErrors
        }
        if states.allSatisfy({ $0 == .pending }) { return .scheduled }
        return .running
    }
}

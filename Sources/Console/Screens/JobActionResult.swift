import PatchbayCore

/// What became of a request the monitor sent to the job service: retry / cancel / continue / re-run. Kept as
/// data so the message is worded in the user's language.
public enum JobActionResult: Sendable, Hashable {
    case acted(jobID: Int64, server: String?, action: JobChain.Action, state: JobState)
    case rerun(jobID: Int64, newJobID: Int64)
    /// The service said no, and what to do about it.
    case refused(Refusal)

    public var isRefusal: Bool {
        if case .refused = self { return true }
        return false
    }
}

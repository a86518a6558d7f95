import PatchbayCore

/// The services' no to an effect, kept as data until it is drawn so the fix is worded in the console's terms
/// and the user's language.
public struct Refusal: Sendable, Hashable {
    /// What kind of no: the role, the input, a conflict.
    public var status: ExitStatus
    public var message: String
    public var remedy: Remedy?

    public init(_ status: ExitStatus, _ message: String, remedy: Remedy? = nil) {
        self.status = status
        self.message = message
        self.remedy = remedy
    }
}

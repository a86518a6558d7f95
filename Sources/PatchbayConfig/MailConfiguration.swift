/// The `mail:` section: the outbox's retry policy and where overriding templates live.
public struct MailConfiguration: Sendable, Hashable {
    /// A folder laid out like the built-in templates (en/job-completed.txt, ja/apply-request.txt, …).
    public var templatesDir: String?
    public var maxAttempts: Int = 5
    /// The wait after the first failed attempt; it doubles with each further one.
    public var retrySeconds: Int = 60
    public var pollSeconds: Int = 5

    public init() {}
}

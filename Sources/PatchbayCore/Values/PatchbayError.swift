/// The exit codes of the CLI contract (docs/architecture.md §7). Every failure a user can cause maps to one of them.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case success = 0
    /// The work ran but did not succeed: a job followed with `--wait` ended without completing (waiting for
    /// action, with errors, cancelled), or a server failed `agent check`.
    case jobNotCompleted = 1
    case badArguments = 10
    case fileError = 20
    case conflict = 101
    case notPermitted = 102
    case unexpected = 255
}

/// An error meant for a person: what went wrong, and what to do about it. What to do is a `Remedy`, which each
/// front words for itself; `description` holds only what every front can read (the message and any advice).
public struct PatchbayError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: ExitStatus
    public var message: String
    public var remedy: Remedy?
    /// The single problems behind the refusal of a servers file or of one server's values, in order: each
    /// front places them itself (a file's line and column, or the option or field the value came from).
    public var problems: [ServerProblem]
    /// The file the `problems` were found in (nil: values given one by one).
    public var problemSource: String?

    public init(_ status: ExitStatus, _ message: String, fix: String? = nil) {
        self.init(status, message, remedy: fix.map(Remedy.advice))
    }

    public init(_ status: ExitStatus, _ message: String, remedy: Remedy?, problems: [ServerProblem] = [], problemSource: String? = nil) {
        self.status = status
        self.message = message
        self.remedy = remedy
        self.problems = problems
        self.problemSource = problemSource
    }

    /// The fix when it is advice any front can show as it is.
    public var fix: String? {
        guard case .advice(let text)? = remedy else { return nil }
        return text
    }

    public var description: String {
        guard let fix else { return message }
        return "\(message)\n  fix: \(fix)"
    }

    public static func badArguments(_ message: String, fix: String? = nil) -> PatchbayError {
        PatchbayError(.badArguments, message, fix: fix)
    }

    public static func badArguments(_ message: String, remedy: Remedy) -> PatchbayError {
        PatchbayError(.badArguments, message, remedy: remedy)
    }

    public static func fileError(_ message: String, fix: String? = nil) -> PatchbayError {
        PatchbayError(.fileError, message, fix: fix)
    }

    public static func notPermitted(_ message: String, fix: String? = nil) -> PatchbayError {
        PatchbayError(.notPermitted, message, fix: fix)
    }

    public static func notPermitted(_ message: String, remedy: Remedy) -> PatchbayError {
        PatchbayError(.notPermitted, message, remedy: remedy)
    }

    public static func conflict(_ message: String, fix: String? = nil) -> PatchbayError {
        PatchbayError(.conflict, message, fix: fix)
    }
}

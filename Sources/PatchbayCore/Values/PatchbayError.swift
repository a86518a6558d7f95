/// The exit codes of the CLI contract (DESIGN.md §7). Every failure a user can cause maps to one of them.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case success = 0
    /// A job followed with `--wait` ended without completing (waiting for action, with errors, cancelled).
    case jobNotCompleted = 1
    case badArguments = 10
    case fileError = 20
    case conflict = 101
    case notPermitted = 102
    case unexpected = 255
}

/// An error meant for a person: what went wrong, and what to do about it.
public struct PatchbayError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: ExitStatus
    public var message: String
    public var fix: String?

    public init(_ status: ExitStatus, _ message: String, fix: String? = nil) {
        self.status = status
        self.message = message
        self.fix = fix
    }

    public var description: String {
        guard let fix else { return message }
        return "\(message)\n  fix: \(fix)"
    }

    public static func badArguments(_ message: String, fix: String? = nil) -> PatchbayError {
        PatchbayError(.badArguments, message, fix: fix)
    }

    public static func fileError(_ message: String, fix: String? = nil) -> PatchbayError {
        PatchbayError(.fileError, message, fix: fix)
    }

    public static func notPermitted(_ message: String, fix: String? = nil) -> PatchbayError {
        PatchbayError(.notPermitted, message, fix: fix)
    }

    public static func conflict(_ message: String, fix: String? = nil) -> PatchbayError {
        PatchbayError(.conflict, message, fix: fix)
    }
}

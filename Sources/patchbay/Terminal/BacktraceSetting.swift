import Foundation

/// The Swift runtime reads SWIFT_BACKTRACE once, as the process starts, and on a terminal its crash
/// backtracer is interactive: it waits for keys. Over SSH that hangs the operator's session instead of
/// ending it, so a process on a terminal without the setting runs itself again, once, with it off.
enum BacktraceSetting {
    static let variable = "SWIFT_BACKTRACE"
    static let value = "interactive=no"

    static func ensureNonInteractive() {
        guard getenv(variable) == nil, isatty(STDIN_FILENO) == 1 || isatty(STDOUT_FILENO) == 1 else { return }
        // Unset after a failed setenv would mean exec'ing again and again.
        guard setenv(variable, value, 1) == 0 else { return }
        // The raw argv, so arguments that are not valid UTF-8 reach the new process unchanged.
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when exec failed: carry on with the runtime's default rather than not at all.
    }
}

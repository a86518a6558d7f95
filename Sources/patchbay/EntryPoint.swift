import ArgumentParser
import Foundation
import PatchbayCore

/// Runs the command and turns every way it can end into the exit codes of docs/architecture.md §7.
@main
enum EntryPoint {
    static func main() async {
        // Every file Patchbay makes (CMDB, exports, the demo's files, spooled responses) is the operator's alone.
        umask(0o077)
        BacktraceSetting.ensureNonInteractive()
        let status: ExitStatus
        do {
            // `patchbay` alone on a terminal is the console (docs/architecture.md §7); in a script it prints the usage.
            let arguments = Array(CommandLine.arguments.dropFirst())
            let interactive = arguments.isEmpty && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
            var command = try PatchbayCommand.parseAsRoot(interactive ? ["console"] : arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            status = .success
        } catch let error as PatchbayError {
            Say.error("patchbay: error: \(ErrorText.text(error))")
            status = error.status
        } catch {
            status = reportArgumentError(error)
        }
        exit(status.rawValue)
    }

    /// Errors from argument parsing: help and version go to stdout with 0, usage mistakes to stderr with 10.
    private static func reportArgumentError(_ error: any Error) -> ExitStatus {
        let code = PatchbayCommand.exitCode(for: error)
        let message = PatchbayCommand.fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { Say.line(message) }
            return .success
        }
        if code == .validationFailure || code.rawValue == 64 {
            Say.error(message)
            return .badArguments
        }
        if !message.isEmpty {
            Say.error("patchbay: error: \(message)")
        }
        return code == .failure ? .unexpected : (ExitStatus(rawValue: code.rawValue) ?? .unexpected)
    }
}

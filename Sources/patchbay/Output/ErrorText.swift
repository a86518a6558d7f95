import PatchbayCore

/// A refusal as the CLI prints it: the message, the problems of a servers file or of a server's options, and
/// the fix in the CLI's words.
enum ErrorText {
    static func text(_ error: PatchbayError) -> String {
        let (message, remedy) = body(error)
        guard let remedy else { return message }
        return "\(message)\n  fix: \(RemedyText.words(remedy))"
    }

    private static func body(_ error: PatchbayError) -> (String, Remedy?) {
        guard let first = error.problems.first else { return (error.message, error.remedy) }
        guard let source = error.problemSource else {
            let lines = error.problems.map { "\(place($0)): \($0.message)" }
            return (lines.joined(separator: "\n  "), first.remedy)
        }
        return (ServerProblem.fileReport(source: source, error.problems, fix: RemedyText.words), error.remedy)
    }

    private static func place(_ problem: ServerProblem) -> String {
        problem.filePlace ?? problem.column.map(RemedyText.option) ?? "server"
    }
}

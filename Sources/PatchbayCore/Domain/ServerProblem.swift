/// The columns of a server import file, in file order: the values a server is registered with. Each front
/// knows how it asks for them (the CLI by option), so a problem is placed by column, not by a front's words.
public enum ServerColumn: Int, Sendable, CaseIterable {
    case ipAddress, serverName, tenant, owner, hostName, osName, wsusComputerName, timeZone

    public var csvName: String {
        switch self {
        case .ipAddress: return "ip-address"
        case .serverName: return "server-name"
        case .tenant: return "tenant"
        case .owner: return "owner"
        case .hostName: return "host-name"
        case .osName: return "os-name"
        case .wsusComputerName: return "wsus-computer-name"
        case .timeZone: return "time-zone"
        }
    }

    public static var header: String { allCases.map(\.csvName).joined(separator: ",") }

    /// Files written before the time-zone column existed end at the WSUS computer name; they still import.
    public static let withoutTimeZone = Array(allCases.dropLast())
}

/// One thing wrong with a server's values, placed by line (in a file) and column.
public struct ServerProblem: Sendable, Hashable {
    public var line: Int?
    public var column: ServerColumn?
    public var message: String
    public var remedy: Remedy

    public init(line: Int?, column: ServerColumn?, message: String, remedy: Remedy) {
        self.line = line
        self.column = column
        self.message = message
        self.remedy = remedy
    }

    public init(line: Int?, column: ServerColumn?, message: String, fix: String) {
        self.init(line: line, column: column, message: message, remedy: .advice(fix))
    }

    /// More problems than this are summarised, so a wholly wrong file does not flood the terminal or the log.
    static let shownInOneReport = 50

    /// A servers file's refusal: the summary line, then each problem at its place in the file (with its fix when
    /// `fix` words one: the CLI does, the audit log's message does not), then how many more were left out.
    public static func fileReport(source: String, _ problems: [ServerProblem], fix: (Remedy) -> String? = { _ in nil }) -> String {
        var lines = ["\(source): \(problems.count) problem\(problems.count == 1 ? "" : "s") found; nothing was imported"]
        for problem in problems.prefix(shownInOneReport) {
            lines.append("  \(problem.filePlace ?? "server"): \(problem.message)" + (fix(problem.remedy).map { "\n    fix: \($0)" } ?? ""))
        }
        if problems.count > shownInOneReport { lines.append("  … and \(problems.count - shownInOneReport) more") }
        return lines.joined(separator: "\n")
    }

    /// The place in words every front shares: a file's line and column (the one-by-one case is the front's).
    public var filePlace: String? {
        switch (line, column) {
        case let (line?, column?): return "line \(line), column \(column.rawValue + 1) (\(column.csvName))"
        case let (line?, nil): return "line \(line)"
        case (nil, _): return nil
        }
    }
}

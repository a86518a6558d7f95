/// The columns of a server import file, in file order. Each knows its command-line option too, so a
/// problem can be reported the way the operator entered the value.
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

    public var option: String {
        switch self {
        case .ipAddress: return "--ip"
        case .serverName: return "--name"
        case .tenant: return "--tenant"
        case .owner: return "--owner"
        case .hostName: return "--host-name"
        case .osName: return "--os-name"
        case .wsusComputerName: return "--wsus-computer-name"
        case .timeZone: return "--time-zone"
        }
    }

    public static var header: String { allCases.map(\.csvName).joined(separator: ",") }

    /// Files written before the time-zone column existed end at the WSUS computer name; they still import.
    static let withoutTimeZone = Array(allCases.dropLast())
}

/// A server as typed by an operator (one CSV line or one set of options), before validation.
public struct ServerDraft: Sendable, Hashable {
    public var line: Int?
    public var ipAddress: String
    public var name: String
    public var tenant: String
    /// Owner user ids, separated by ';' in a file.
    public var owners: [String]
    public var hostName: String
    public var osName: String
    public var wsusComputerName: String
    public var timeZone: String

    public init(line: Int? = nil, ipAddress: String, name: String, tenant: String, owners: [String],
                hostName: String, osName: String, wsusComputerName: String, timeZone: String = "") {
        self.timeZone = timeZone
        self.line = line
        self.ipAddress = ipAddress
        self.name = name
        self.tenant = tenant
        self.owners = owners
        self.hostName = hostName
        self.osName = osName
        self.wsusComputerName = wsusComputerName
    }

    public static func owners(_ text: String) -> [String] {
        text.split(separator: ";").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}

/// One thing wrong with a draft, located by line (in a file) and column.
public struct ServerProblem: Sendable, Hashable {
    public var line: Int?
    public var column: ServerColumn?
    public var message: String
    public var fix: String

    public var location: String {
        switch (line, column) {
        case let (line?, column?): return "line \(line), column \(column.rawValue + 1) (\(column.csvName))"
        case let (line?, nil): return "line \(line)"
        case let (nil, column?): return column.option
        case (nil, nil): return "server"
        }
    }
}

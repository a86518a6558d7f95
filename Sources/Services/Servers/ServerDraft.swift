import PatchbayCore

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

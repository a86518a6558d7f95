import Foundation

/// A business server registered in the CMDB: the thing patches are applied to.
public struct Server: Sendable, Hashable {
    public var id: Int64
    public var ipAddress: String
    public var name: String
    public var tenantID: Int64
    /// User ids of the tenant users or tenant admins who own the server; a tenant user sees only servers it owns.
    public var owners: [String]
    public var hostName: String
    public var osName: String
    /// How WSUS names the computer (usually its FQDN); discovery matches on it.
    public var wsusComputerName: String
    /// The server's IANA time zone (e.g. Asia/Tokyo); empty when not recorded. The console shows scheduled
    /// starts in it, because patch windows are agreed in the business server's local time.
    public var timeZone: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, ipAddress: String, name: String, tenantID: Int64, owners: [String],
        hostName: String, osName: String, wsusComputerName: String, timeZone: String = "", createdAt: Date, updatedAt: Date
    ) {
        self.timeZone = timeZone
        self.id = id
        self.ipAddress = ipAddress
        self.name = name
        self.tenantID = tenantID
        self.owners = owners
        self.hostName = hostName
        self.osName = osName
        self.wsusComputerName = wsusComputerName
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var scope: ServerScope { ServerScope(tenantID: tenantID, owners: Set(owners)) }
}

/// A server as it is about to be registered (no id or timestamps yet).
public struct NewServer: Sendable, Hashable {
    public var ipAddress: String
    public var name: String
    public var tenantID: Int64
    public var owners: [String]
    public var hostName: String
    public var osName: String
    public var wsusComputerName: String
    public var timeZone: String

    public init(
        ipAddress: String, name: String, tenantID: Int64, owners: [String],
        hostName: String, osName: String, wsusComputerName: String, timeZone: String = ""
    ) {
        self.timeZone = timeZone
        self.ipAddress = ipAddress
        self.name = name
        self.tenantID = tenantID
        self.owners = owners
        self.hostName = hostName
        self.osName = osName
        self.wsusComputerName = wsusComputerName
    }
}

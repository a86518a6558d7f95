/// A server as a job reaches it: the registered server and where WSUS knows it.
public struct JobTarget: Sendable, Hashable {
    public var server: Server
    /// The configured name of the WSUS server the computer reports to (nil before discovery matched it).
    public var wsusServerName: String?
    /// WSUS's ComputerTargetId.
    public var computerID: String?
    /// WSUS's FullDomainName, else the server's WSUS computer name or host name.
    public var computerName: String
    /// The job the target is reached for (the agent names the server's install task after it); nil outside a job.
    public var jobID: Int64?

    public init(server: Server, wsusServerName: String?, computerID: String?, computerName: String) {
        self.server = server
        self.wsusServerName = wsusServerName
        self.computerID = computerID
        self.computerName = computerName
    }
}

import Foundation
import WSUSWire

/// Everything a simulated WSUS knows. A value type: operations render from a snapshot while control calls
/// change the live copy under a lock.
public struct WSUSData: Sendable {
    public internal(set) var updates: [SimUpdate] = []
    public var groups: [SimGroup] = SimGroup.builtIn
    public var computers: [SimComputer] = [] {
        didSet { if computers.count != oldValue.count { computerPositions = Self.positions(of: computers) } }
    }
    public var approvals: [SimApproval] = []
    /// computer id → update id → state. Absent means the update does not apply to the computer.
    public var states: [String: [String: InstallationState]] = [:]
    /// computer id → when its states last changed (summaries' LastUpdated).
    public var statesChangedAt: [String: Date] = [:]
    public var events: [SimEvent] = []
    /// computer id → how the simulated server behaves when asked to install.
    public var fleet: [String: FleetBehaviour] = [:]
    /// computer id → update id → how often it was really installed (exactly-once checks).
    public var installCounts: [String: [String: Int]] = [:]
    /// computer id → the install request under way on it (its progress is read from the clock).
    public var installRuns: [String: FleetInstallRun] = [:]
    public var computerDeletionThresholdDays = 30
    private(set) var nextRevisionID = 100_000
    private(set) var nextLocalUpdateID = 1
    /// update id → index in `updates`, so per-computer operations need not scan the whole catalog.
    private var positions: [String: Int] = [:]
    /// computer id → index in `computers`, rebuilt when computers come or go and checked on every lookup (a
    /// removal and an addition between two lookups leave the count, not the positions, as they were).
    private var computerPositions: [String: Int] = [:]

    public init() {}

    mutating func allocateIDs() -> (revisionID: Int, localUpdateID: Int) {
        defer { nextRevisionID += 1; nextLocalUpdateID += 1 }
        return (nextRevisionID, nextLocalUpdateID)
    }

    public mutating func add(_ update: SimUpdate) {
        var update = update
        let ids = allocateIDs()
        update.revisionID = ids.revisionID
        update.localUpdateID = ids.localUpdateID
        positions[update.id] = updates.count
        updates.append(update)
    }

    /// Removes updates (cleanup) and keeps the index in step.
    mutating func removeUpdates(where shouldRemove: (SimUpdate) -> Bool) {
        updates.removeAll(where: shouldRemove)
        positions = Dictionary(uniqueKeysWithValues: updates.enumerated().map { ($1.id, $0) })
    }

    public func update(id: String) -> SimUpdate? {
        positions[id.lowercased()].map { updates[$0] }
    }

    public func update(kb: String) -> SimUpdate? {
        let number = kb.uppercased().hasPrefix("KB") ? String(kb.dropFirst(2)) : kb
        return updates.first { $0.kbs.contains(number) }
    }

    /// The computer with this id (any case), without scanning the fleet for each of 10,000 per-computer calls.
    public func computer(id: String) -> SimComputer? {
        let id = id.lowercased()
        if let index = computerPositions[id], index < computers.count, computers[index].id == id { return computers[index] }
        return computers.first { $0.id == id }
    }

    private static func positions(of computers: [SimComputer]) -> [String: Int] {
        Dictionary(computers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func computer(named name: String) -> SimComputer? {
        computers.first { $0.fullDomainName.caseInsensitiveCompare(name) == .orderedSame || $0.id == name.lowercased() }
    }

    public func group(named name: String) -> SimGroup? {
        groups.first { $0.name.caseInsensitiveCompare(name) == .orderedSame || $0.id == name.lowercased() }
    }

    /// The groups a computer is in, the group's ancestors included (approvals inherit down the tree).
    func effectiveGroups(of computer: SimComputer) -> Set<String> {
        var result = Set<String>([BuiltInGroup.allComputers])
        var pending = computer.groupIDs.isEmpty ? [BuiltInGroup.unassignedComputers] : computer.groupIDs
        while let id = pending.popLast() {
            guard result.insert(id).inserted || id == BuiltInGroup.allComputers else { continue }
            if let parent = groups.first(where: { $0.id == id })?.parentID { pending.append(parent) }
        }
        return result
    }

    /// The approval that decides what a computer should do with an update (install wins over the rest).
    func effectiveApproval(update: SimUpdate, computer: SimComputer) -> SimApproval? {
        effectiveApproval(update: update, groupIDs: effectiveGroups(of: computer), candidates: approvals)
    }

    /// The same for a computer whose groups are already known, among approvals already narrowed to the update's.
    func effectiveApproval(update: SimUpdate, groupIDs: Set<String>, candidates: [SimApproval]) -> SimApproval? {
        let matching = candidates.filter { $0.updateID == update.id && $0.revisionNumber == update.revisionNumber && groupIDs.contains($0.groupID) }
        return matching.first { $0.action == .install } ?? matching.first
    }
}

public struct SimUpdate: Sendable, Hashable {
    public var id: String
    public var revisionNumber: Int
    public var revisionID = 0
    public var localUpdateID = 0
    public var title: String
    public var description: String
    public var kbs: [String]
    public var bulletins: [String] = []
    public var infoURLs: [String] = []
    public var classification: String
    public var products: [String]
    public var msrcSeverity: String?
    public var creationDate: Date
    public var arrivalDate: Date
    /// 0 never reboots, 1 always requires a reboot, 2 can request one.
    public var rebootBehavior: Int
    public var isDeclined = false
    public var isExpired = false
    /// Ids of the updates this one supersedes.
    public var supersedes: [String] = []

    public init(id: String, revisionNumber: Int = 200, title: String, description: String, kbs: [String], classification: String,
                products: [String], msrcSeverity: String?, creationDate: Date, arrivalDate: Date, rebootBehavior: Int) {
        self.id = id.lowercased()
        self.revisionNumber = revisionNumber
        self.title = title
        self.description = description
        self.kbs = kbs
        self.classification = classification
        self.products = products
        self.msrcSeverity = msrcSeverity
        self.creationDate = creationDate
        self.arrivalDate = arrivalDate
        self.rebootBehavior = rebootBehavior
    }

    /// Whether the update is for this computer: its OS or one of its other products (matched by name
    /// prefix, as "Windows Server 2022" covers "Windows Server 2022 (Server Core installation)").
    public func applies(to computer: SimComputer) -> Bool {
        ([computer.osName] + computer.otherProducts).contains { installed in
            !installed.isEmpty && products.contains { $0.hasPrefix(installed) || installed.hasPrefix($0) }
        }
    }
}

public struct SimGroup: Sendable, Hashable {
    public var id: String
    public var name: String
    public var parentID: String?
    public var type = "Computers"

    public init(id: String, name: String, parentID: String?, type: String = "Computers") {
        self.id = id.lowercased()
        self.name = name
        self.parentID = parentID?.lowercased()
        self.type = type
    }

    public static let builtIn = [
        SimGroup(id: BuiltInGroup.allComputers, name: "All Computers", parentID: nil),
        SimGroup(id: BuiltInGroup.unassignedComputers, name: "Unassigned Computers", parentID: BuiltInGroup.allComputers),
        SimGroup(id: BuiltInGroup.downstreamServers, name: "Downstream Servers", parentID: nil, type: "DownstreamServers"),
    ]
}

public struct SimComputer: Sendable, Hashable {
    public var id: String
    public var fullDomainName: String
    public var ipAddress: String
    /// The OS product name updates are matched against, e.g. "Windows Server 2022".
    public var osName: String
    public var osBuild: String
    public var lastSyncTime: Date?
    public var lastReportedStatusTime: Date?
    public var groupIDs: [String]
    /// Software besides the OS that updates may target (SQL Server, Office, …).
    public var otherProducts: [String] = []

    public init(id: String, fullDomainName: String, ipAddress: String, osName: String, osBuild: String = "10.0.20348",
                lastSyncTime: Date?, lastReportedStatusTime: Date?, groupIDs: [String]) {
        self.id = id.lowercased()
        self.fullDomainName = fullDomainName
        self.ipAddress = ipAddress
        self.osName = osName
        self.osBuild = osBuild
        self.lastSyncTime = lastSyncTime
        self.lastReportedStatusTime = lastReportedStatusTime
        self.groupIDs = groupIDs.map { $0.lowercased() }
    }
}

public struct SimApproval: Sendable, Hashable {
    public var id: String
    public var updateID: String
    public var revisionNumber: Int
    public var groupID: String
    public var action: DeploymentAction
    public var deadline: Date?
    public var goLive: Date
    public var adminName: String
    public var createdAt: Date

    public init(id: String = UUID().uuidString.lowercased(), updateID: String, revisionNumber: Int, groupID: String, action: DeploymentAction,
                deadline: Date?, goLive: Date, adminName: String, createdAt: Date) {
        self.id = id
        self.updateID = updateID.lowercased()
        self.revisionNumber = revisionNumber
        self.groupID = groupID.lowercased()
        self.action = action
        self.deadline = deadline
        self.goLive = goLive
        self.adminName = adminName
        self.createdAt = createdAt
    }
}

/// A server event (synchronisation 381–386, cleanup) as `ExecuteSPSearchEventHistory` would report it.
public struct SimEvent: Sendable, Hashable {
    public var id: Int
    public var at: Date
    public var message: String
}

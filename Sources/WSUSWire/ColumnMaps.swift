/// Where each column sits in a row, per server version (docs/wsus-protocol.md §9). Readers go through these maps,
/// writers (the simulator) too, so both sides agree by construction and a new layout is one new value.
public struct MinimalPropertiesLayout: Sendable, Hashable {
    public let name: String
    public let cellCount: Int
    public let updateID = 0
    public let revisionNumber = 1
    public let revisionID = 2
    public let localUpdateID = 3
    public let rebootBehavior = 7
    public let publicationState: Int?
    public let creationDate: Int
    public let isDeclined: Int
    public let isLatestRevision: Int
    public let arrivalDate: Int?
    public let hasSupersededUpdates: Int
    public let legacyName: Int
    public let msrcSeverity: Int
    public let title: Int
    public let description: Int
    public let isSuperseded: Int

    /// WSUS 10.0.26100 (Windows Server 2025), as observed by the verified client.
    public static let v10_0_26100 = MinimalPropertiesLayout(
        name: "10.0.26100", cellCount: 37, publicationState: 16, creationDate: 17, isDeclined: 22, isLatestRevision: 24,
        arrivalDate: 25, hasSupersededUpdates: 26, legacyName: 27, msrcSeverity: 28, title: 29, description: 30, isSuperseded: 34)

    /// Older builds: the stored procedure's own column order (no PublicationState, no ArrivalDate).
    public static let older = MinimalPropertiesLayout(
        name: "older", cellCount: 34, publicationState: nil, creationDate: 16, isDeclined: -1, isLatestRevision: 20,
        arrivalDate: nil, hasSupersededUpdates: 22, legacyName: 23, msrcSeverity: 24, title: 25, description: 26, isSuperseded: 30)

    /// Picks the layout from `GetServerVersion`, confirmed by cell types of a sample row when there is one:
    /// 10.0.26100 has an int at 16 and a dateTime at 17; older builds a dateTime at 16.
    public static func choose(serverVersion: String, sample: Row?) -> MinimalPropertiesLayout {
        if let sample {
            if case .dateTime = sample[16] { return .older }
            if case .int = sample[16], case .dateTime = sample[17] { return .v10_0_26100 }
        }
        let parts = serverVersion.split(separator: ".").compactMap { Int($0) }
        let build = parts.count >= 3 ? parts[2] : 0
        return parts.first ?? 0 >= 10 && build >= 26100 ? .v10_0_26100 : .older
    }
}

/// Columns of the other row kinds (one layout known).
public enum Columns {
    public enum Joined {
        public static let revisionID = 0
        public static let categoryType = 1
        public static let categoryTitle = 2
        public static let value = 1
    }

    public enum Computer {
        public static let count = 32
        public static let computerID = 0
        public static let lastSyncTime = 1
        public static let lastReportedStatusTime = 2
        public static let ipAddress = 3
        public static let fullDomainName = 4
        public static let osMajor = 5
        public static let osMinor = 6
        public static let osBuild = 7
        public static let requestedTargetGroup = 17
        public static let lastSyncResult = 20
        public static let clientVersion = 25
        public static let osFamily = 26
        public static let osDescription = 27
    }

    public enum TargetGroup {
        public static let type = 0
        public static let name = 1
        public static let id = 2
        public static let orderValue = 3
        public static let priority = 4
        public static let parentID = 5
    }

    public enum Deployment {
        public static let count = 11
        public static let deploymentTime = 0
        public static let status = 1
        public static let action = 2
        public static let goLiveTime = 3
        public static let deadline = 4
        public static let adminName = 5
        public static let deploymentID = 6
        public static let isAssigned = 7
        public static let updateID = 8
        public static let revisionNumber = 9
        public static let targetGroupID = 10
    }

    public enum InstallationInfo {
        public static let updateID = 0
        public static let computerID = 1
        public static let state = 2
        public static let effectiveAction = 3
        public static let effectiveGroupID = 4
    }

    public enum Summary {
        public static let updateID = 0
        public static let targetGroupID = 1
        public static let computerID = 2
        public static let state = 3
        public static let count = 4
        public static let lastUpdated = 5
    }

    public enum Category {
        public static let localUpdateID = 0
        public static let id = 1
        public static let type = 2
        public static let title = 7
        public static let description = 8
        public static let arrivalDate = 10
    }
}

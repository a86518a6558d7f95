import Foundation
import WSUSWire

/// An update revision as WSUS reports it, joined from the five `CompleteUpdates` arrays.
public struct WSUSUpdate: Sendable, Hashable {
    public var updateID: String
    public var revisionNumber: Int
    public var title: String
    public var description: String
    public var kbNumbers: [String]
    public var classification: String?
    public var products: [String]
    public var msrcSeverity: String?
    public var creationDate: Date?
    public var arrivalDate: Date?
    public var rebootBehavior: Int?
    public var isDeclined: Bool
    public var isExpired: Bool
    public var isSuperseded: Bool
    public var hasSupersededUpdates: Bool
    public var bulletins: [String]
    public var infoURLs: [String]
}

public struct WSUSApproval: Sendable, Hashable {
    public var updateID: String
    public var revisionNumber: Int
    public var targetGroupID: String
    public var action: DeploymentAction
    public var deadline: Date?
    public var approvedAt: Date?
    public var adminName: String
}

public struct WSUSTargetGroup: Sendable, Hashable {
    public var id: String
    public var name: String
    public var parentID: String?
}

public struct WSUSComputer: Sendable, Hashable {
    public var id: String
    public var fullDomainName: String
    public var ipAddress: String
    public var osDescription: String
    public var lastSyncTime: Date?
    public var lastReportedStatusTime: Date?
    public var groupIDs: [String]
}

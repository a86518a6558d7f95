/// Per-computer installation state of an update (docs/wsus-protocol.md §7.1). Scope masks use `1 << rawValue`.
public enum InstallationState: Int, Sendable, CaseIterable, Hashable {
    case unknown = 0
    case notApplicable = 1
    case notInstalled = 2
    case downloaded = 3
    case installed = 4
    case failed = 5
    case installedPendingReboot = 6

    public var bit: Int { 1 << rawValue }

    /// The name stored in the CMDB and shown to people.
    public var name: String {
        switch self {
        case .unknown: return "unknown"
        case .notApplicable: return "not-applicable"
        case .notInstalled: return "not-installed"
        case .downloaded: return "downloaded"
        case .installed: return "installed"
        case .failed: return "failed"
        case .installedPendingReboot: return "pending-reboot"
        }
    }

    public init?(name: String) {
        guard let state = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = state
    }

}

/// Approval ("deployment") action on the wire (docs/wsus-protocol.md §7.2). Real servers send 2 for "not approved".
public enum DeploymentAction: Int, Sendable, CaseIterable, Hashable {
    case install = 0
    case uninstall = 1
    case notApproved = 2
    case block = 3

    public static let all = 2_147_483_647

    public var name: String {
        switch self {
        case .install: return "install"
        case .uninstall: return "uninstall"
        case .notApproved: return "not-approved"
        case .block: return "block"
        }
    }

    public init?(name: String) {
        guard let action = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = action
    }
}

/// Fixed identifiers every WSUS has.
public enum BuiltInGroup {
    public static let allComputers = "a0a08746-4dbe-4a37-9adf-9e7652c0b421"
    public static let unassignedComputers = "b73ca6ed-5727-47f3-84de-015e03f6a88a"
    public static let downstreamServers = "d374f42a-9be2-4163-a0fa-3c86a401b7a7"
}

/// The WSUS update classifications and their GUIDs (Tests/Fixtures/wsus/wsus-classification-guids.csv, checked by ReferenceDataTests), lower-case as on the wire.
public enum Classification {
    public static let all: [(title: String, id: String)] = [
        ("Application", "5c9376ab-8ce6-464a-b136-22113dd69801"),
        ("Connectors", "434de588-ed14-48f5-8eed-a15e09a991f6"),
        ("Critical Updates", "e6cf1350-c01b-414d-a61f-263d14d133b4"),
        ("Definition Updates", "e0789628-ce08-4437-be74-2495b842f43b"),
        ("Developer Kits", "e140075d-8433-45c3-ad87-e72345b36078"),
        ("Feature Packs", "b54e7d24-7add-428f-8b75-90a396fa584f"),
        ("Guidance", "9511d615-35b2-47bb-927f-f73d8e9260bb"),
        ("Security Updates", "0fa1201d-4330-4fa8-8ae9-b877473b6441"),
        ("Service Packs", "68c5b0a3-d1a6-4553-ae49-01d3a7827828"),
        ("Tools", "b4832bd8-e735-4761-8daf-37f882276dab"),
        ("Update Rollups", "28bc880e-0592-4cbf-8f95-c79b17911d5f"),
        ("Updates", "cd5ffd1e-e932-4e3a-bf74-18bf0b1bbd83"),
        ("Drivers", "ebfc1fc5-71a4-4f7b-9aca-3b9a503104a0"),
        ("Upgrades", "3689bdc8-b205-4af4-8d4a-a63924c5e9d5"),
    ]

    public static func id(forTitle title: String) -> String? {
        all.first { $0.title.caseInsensitiveCompare(title) == .orderedSame }?.id
    }

    public static func title(forID id: String) -> String? {
        all.first { $0.id == id.lowercased() }?.title
    }
}

import Foundation

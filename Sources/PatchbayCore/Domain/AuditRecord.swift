import Foundation

/// One line of the audit log: who did what, with which parameters, and whether it worked.
public struct AuditRecord: Sendable, Hashable {
    /// The actor name for commands run in a shell on the management server itself.
    public static let commandActor = "#COMMAND"

    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        case success = "SUCCESS"
        case failure = "FAILURE"
    }

    public var id: Int64?
    public var at: Date
    public var actor: String
    public var tenant: String?
    public var operation: String
    public var parameters: [AuditParameter]
    public var outcome: Outcome
    public var message: String?

    public init(
        id: Int64? = nil, at: Date, actor: String, tenant: String?, operation: String,
        parameters: [AuditParameter], outcome: Outcome, message: String? = nil
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.tenant = tenant
        self.operation = operation
        self.parameters = parameters
        self.outcome = outcome
        self.message = message
    }
}

/// A named parameter of an audited operation. Order is kept as the operator gave it.
public struct AuditParameter: Sendable, Hashable, Codable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// What `audit list` asks for.
public struct AuditFilter: Sendable, Hashable {
    public var since: Date?
    public var actor: String?
    public var tenant: String?
    public var limit: Int?

    public init(since: Date? = nil, actor: String? = nil, tenant: String? = nil, limit: Int? = nil) {
        self.since = since
        self.actor = actor
        self.tenant = tenant
        self.limit = limit
    }
}

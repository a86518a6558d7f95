import Foundation

/// A customer organisation whose business servers Patchbay patches.
public struct Tenant: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var description: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, name: String, description: String, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.name = name
        self.description = description
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

import Foundation

/// One JSON line of the agent script (docs/agent-protocol.md §3).
struct AgentEvent: @unchecked Sendable {
    /// The decoded object; JSONSerialization's values, read only through the accessors.
    let fields: [String: Any]

    init?(line: Substring) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any], object["event"] is String else { return nil }
        fields = object
    }

    var name: String { fields["event"] as? String ?? "" }
    func string(_ key: String) -> String? { fields[key] as? String }
    func int(_ key: String) -> Int? { (fields[key] as? NSNumber)?.intValue }
    func bool(_ key: String) -> Bool? { fields[key] as? Bool }
    func strings(_ key: String) -> [String] { fields[key] as? [String] ?? [] }
}

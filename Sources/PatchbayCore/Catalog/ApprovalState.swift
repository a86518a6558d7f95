/// What WSUS's approvals mean for one update on one server (its groups and their ancestors). Raw values are
/// the stable names (CLI, CSV and JSON values).
public enum ApprovalState: String, Sendable, Hashable, CaseIterable, Codable {
    case approved
    case notApproved = "not-approved"
    case declined
    case uninstall
    case blocked

    /// From the actions of the approvals that reach the server: install wins over uninstall over block.
    public static func of(actions: [String], declined: Bool) -> ApprovalState {
        if declined { return .declined }
        if actions.contains("install") { return .approved }
        if actions.contains("uninstall") { return .uninstall }
        if actions.contains("block") { return .blocked }
        return .notApproved
    }
}

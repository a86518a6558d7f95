import Foundation
import PatchbayCore

/// The documented bounds of every field discovery stores from WSUS. WSUS rows are input from another
/// machine: a well-formed response may still carry a 70,000-character title or a date in year 0, and such a
/// row is skipped (and named) rather than stored. Each check returns why a value is out of bounds, or nil.
public enum RowBounds {
    public static let titleCharacters = 1_000
    public static let descriptionCharacters = 10_000
    /// Classification, product, severity, group and OS names; the approving account.
    public static let nameCharacters = 256
    public static let listEntries = 200
    public static let urlCharacters = 2_048
    public static let fullDomainNameCharacters = 255
    public static let ipAddressCharacters = 45
    public static let revisionNumbers = 1...Int(Int32.max)
    public static let rebootBehaviors = 0...2
    /// Dates are between 1990-01-01 and one year after the run.
    public static let earliestDate = Date(timeIntervalSince1970: 631_152_000)
    public static let futureSeconds: TimeInterval = 366 * 86_400

    static func text(_ value: String, _ field: String, max: Int, required: Bool = false) -> String? {
        if required && value.isEmpty { return "\(field) is empty" }
        // Unicode scalars, not characters: one character can carry any number of combining marks.
        let count = value.unicodeScalars.count
        return count > max ? "\(field) has \(count) characters (at most \(max))" : nil
    }

    static func list(_ values: [String], _ field: String, max: Int) -> String? {
        if values.count > listEntries { return "\(field) has \(values.count) entries (at most \(listEntries))" }
        return values.lazy.compactMap { text($0, field, max: max) }.first
    }

    static func date(_ value: Date?, _ field: String, now: Date) -> String? {
        guard let value else { return nil }
        let latest = now.addingTimeInterval(futureSeconds)
        guard value < earliestDate || value > latest else { return nil }
        return "\(field) \(UTCTime.iso(value)) is not between 1990-01-01 and \(UTCTime.iso(latest))"
    }

    static func number(_ value: Int?, _ field: String, in range: ClosedRange<Int>) -> String? {
        guard let value, !range.contains(value) else { return nil }
        return "\(field) \(value) is not in \(range.lowerBound)…\(range.upperBound)"
    }

    /// Why an update row may not be stored: its identifiers' shapes first (they reach search criteria and the
    /// agent's request on business servers), then every other field's bound.
    static func problem(_ patch: PatchRecord, now: Date) -> String? {
        if !UpdateIdentifiers.isGUID(patch.updateID) {
            let named = patch.kbNumbers.first.flatMap { UpdateIdentifiers.isKBNumber($0) ? "KB\($0)" : nil } ?? UntrustedText.quoted(patch.title)
            return "update id \(UntrustedText.quoted(patch.updateID)) is not a GUID (\(named))"
        }
        if let kb = patch.kbNumbers.first(where: { !UpdateIdentifiers.isKBNumber($0) }) {
            return "\(UntrustedText.quoted("KB" + kb)) is not a KB number (update \(patch.updateID.prefix(8))…)"
        }
        let field = [
            number(patch.revisionNumber, "revision", in: revisionNumbers),
            patch.kbNumbers.count > listEntries ? "KB list has \(patch.kbNumbers.count) entries (at most \(listEntries))" : nil,
            text(patch.title, "title", max: titleCharacters, required: true),
            text(patch.description, "description", max: descriptionCharacters),
            text(patch.classification, "classification", max: nameCharacters),
            list(patch.products, "product", max: nameCharacters),
            text(patch.msrcSeverity, "severity", max: nameCharacters),
            date(patch.releaseDate, "release date", now: now),
            date(patch.arrivalDate, "arrival date", now: now),
            number(patch.rebootBehavior, "reboot behaviour", in: rebootBehaviors),
            list(patch.bulletins, "bulletin", max: nameCharacters),
            list(patch.moreInfoURLs, "more-info URL", max: urlCharacters),
        ].lazy.compactMap { $0 }.first
        return field.map { "update \(patch.displayKB) (\(patch.updateID.prefix(8))…): \($0)" }
    }

    static func problem(_ computer: ComputerRecord, now: Date) -> String? {
        let field = [
            text(computer.computerID, "id", max: nameCharacters, required: true),
            text(computer.fullDomainName, "name", max: fullDomainNameCharacters, required: true),
            text(computer.ipAddress, "IP address", max: ipAddressCharacters),
            text(computer.osDescription, "OS", max: nameCharacters),
            date(computer.lastSyncAt, "last sync", now: now),
            date(computer.lastReportedAt, "last report", now: now),
            date(computer.statesChangedAt, "last state change", now: now),
            computer.groupIDs.count > listEntries ? "group list has \(computer.groupIDs.count) entries (at most \(listEntries))" : nil,
        ].lazy.compactMap { $0 }.first
        return field.map { "computer \(UntrustedText.quoted(computer.fullDomainName)): \($0)" }
    }

    static func problem(_ approval: ApprovalRecord, now: Date) -> String? {
        let field = [
            date(approval.deadline, "deadline", now: now),
            date(approval.approvedAt, "approval time", now: now),
            text(approval.approvedBy, "approving account", max: nameCharacters),
            text(approval.targetGroupID, "group id", max: nameCharacters, required: true),
        ].lazy.compactMap { $0 }.first
        return field.map { "approval of update \(approval.patch.updateID.prefix(8))… for group \(UntrustedText.quoted(approval.targetGroupID, width: 12)): \($0)" }
    }

    static func problem(_ group: TargetGroupRecord) -> String? {
        let field = [
            text(group.id, "id", max: nameCharacters, required: true),
            text(group.name, "name", max: nameCharacters, required: true),
        ].lazy.compactMap { $0 }.first
        return field.map { "target group \(UntrustedText.quoted(group.name)): \($0)" }
    }
}

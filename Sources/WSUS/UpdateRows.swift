import Foundation
import WSUSWire

/// Joins the five arrays of a `CompleteUpdates` result on RevisionId (docs/wsus-protocol.md §9.1–9.2).
enum UpdateRows {
    static func join(_ response: SOAPResponse, serverVersion: String) -> [WSUSUpdate] {
        let minimal = response.rows("minimalProperties")
        let layout = MinimalPropertiesLayout.choose(serverVersion: serverVersion, sample: minimal.first)
        var classification: [Int: String] = [:]
        var products: [Int: [String]] = [:]
        for row in response.rows("localizedCategoryTitleRows") {
            guard let revision = row[Columns.Joined.revisionID].int, let title = row[Columns.Joined.categoryTitle].string else { continue }
            switch row[Columns.Joined.categoryType].string {
            case "UpdateClassification": classification[revision] = title
            case "Product": products[revision, default: []].append(title)
            default: break
            }
        }
        func values(_ set: String) -> [Int: [String]] {
            var result: [Int: [String]] = [:]
            for row in response.rows(set) {
                if let revision = row[Columns.Joined.revisionID].int, let value = row[Columns.Joined.value].string { result[revision, default: []].append(value) }
            }
            return result
        }
        let kbs = values("kbArticles"), bulletins = values("bulletins"), urls = values("infoUrls")
        return minimal.compactMap { row in
            guard let id = row[layout.updateID].guid, let revisionNumber = row[layout.revisionNumber].int else { return nil }
            let revisionID = row[layout.revisionID].int ?? -1
            let title = row[layout.title].string ?? row[layout.legacyName].string ?? id
            return WSUSUpdate(
                updateID: id, revisionNumber: revisionNumber, title: title, description: row[layout.description].string ?? "",
                kbNumbers: kbs[revisionID] ?? [], classification: classification[revisionID], products: products[revisionID] ?? [],
                msrcSeverity: row[layout.msrcSeverity].string, creationDate: row[layout.creationDate].date,
                arrivalDate: layout.arrivalDate.flatMap { row[$0].date }, rebootBehavior: row[layout.rebootBehavior].int,
                isDeclined: layout.isDeclined >= 0 ? row[layout.isDeclined].bool ?? false : false,
                isExpired: layout.publicationState.flatMap { row[$0].int } == 1, isSuperseded: row[layout.isSuperseded].bool ?? false,
                hasSupersededUpdates: row[layout.hasSupersededUpdates].bool ?? false, bulletins: bulletins[revisionID] ?? [],
                infoURLs: urls[revisionID] ?? [])
        }
    }
}

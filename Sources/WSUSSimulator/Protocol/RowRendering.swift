import Foundation
import WSUSWire

/// Turns simulator data into the rows a real WSUS 10.0.26100 (or older) server sends (docs/wsus-protocol.md §9).
struct RowRendering {
    let layout: MinimalPropertiesLayout

    func minimalProperties(_ update: SimUpdate, supersededIDs: Set<String>) -> Row {
        var cells = [Cell](repeating: .null, count: layout.cellCount)
        cells[layout.updateID] = .guid(update.id)
        cells[layout.revisionNumber] = .int(update.revisionNumber)
        cells[layout.revisionID] = .int(update.revisionID)
        cells[layout.localUpdateID] = .int(update.localUpdateID)
        cells[4] = .bool(true)                          // IsLeaf
        cells[5] = .bool(true)                          // InstallationSupported
        cells[6] = .int(0)                              // InstallationImpact: normal
        cells[layout.rebootBehavior] = .int(update.rebootBehavior)
        cells[8] = .bool(false)
        cells[9] = .bool(false)
        cells[10] = .bool(false)                        // UninstallationSupported
        cells[15] = .int(1)                             // UpdateType: software
        if let publication = layout.publicationState { cells[publication] = .int(update.isExpired ? 1 : 0) }
        cells[layout.creationDate] = .date(update.creationDate)
        if layout.isDeclined >= 0 { cells[layout.isDeclined] = .bool(update.isDeclined) }
        cells[layout.isLatestRevision] = .bool(true)
        if let arrival = layout.arrivalDate { cells[arrival] = .date(update.arrivalDate) }
        cells[layout.hasSupersededUpdates] = .bool(!update.supersedes.isEmpty)
        cells[layout.legacyName] = .string(update.kbs.first.map { "KB\($0)" } ?? update.title)
        cells[layout.msrcSeverity] = update.msrcSeverity.map(Cell.string) ?? .null
        cells[layout.title] = .string(update.title)
        cells[layout.description] = .string(update.description)
        cells[layout.isSuperseded] = .bool(supersededIDs.contains(update.id))
        if layout == .v10_0_26100 {
            cells[19] = .int(0)                         // State
            cells[20] = .guid("00000000-0000-0000-0000-000000000000") // EulaId
            cells[21] = .bool(false)                    // RequiresEulaAcceptance
        }
        return Row(cells)
    }

    /// `CompleteUpdates`: minimal properties plus the four side arrays joined on RevisionId.
    func completeUpdates(_ updates: [SimUpdate], supersededIDs: Set<String>, into out: inout String) {
        out += "<minimalProperties>"
        for update in updates { out += minimalProperties(update, supersededIDs: supersededIDs).xml }
        out += "</minimalProperties><localizedCategoryTitleRows>"
        for update in updates {
            out += Row([.int(update.revisionID), .string("UpdateClassification"), .string(update.classification)]).xml
            for product in update.products {
                out += Row([.int(update.revisionID), .string("Product"), .string(product)]).xml
            }
        }
        out += "</localizedCategoryTitleRows><kbArticles>"
        for update in updates {
            for kb in update.kbs { out += Row([.int(update.revisionID), .string(kb)]).xml }
        }
        out += "</kbArticles><bulletins>"
        for update in updates {
            for bulletin in update.bulletins { out += Row([.int(update.revisionID), .string(bulletin)]).xml }
        }
        out += "</bulletins><infoUrls>"
        for update in updates {
            for url in update.infoURLs { out += Row([.int(update.revisionID), .string(url)]).xml }
        }
        out += "</infoUrls>"
    }

    func computer(_ computer: SimComputer) -> Row {
        var cells = [Cell](repeating: .null, count: Columns.Computer.count)
        let build = computer.osBuild.split(separator: ".").compactMap { Int($0) }
        cells[Columns.Computer.computerID] = .string(computer.id)
        cells[Columns.Computer.lastSyncTime] = computer.lastSyncTime.map(Cell.date) ?? .dateTime(WireDate.neverSynced)
        cells[Columns.Computer.lastReportedStatusTime] = computer.lastReportedStatusTime.map(Cell.date) ?? .dateTime(WireDate.neverSynced)
        cells[Columns.Computer.ipAddress] = .string(computer.ipAddress)
        cells[Columns.Computer.fullDomainName] = .string(computer.fullDomainName)
        cells[Columns.Computer.osMajor] = .int(build.first ?? 10)
        cells[Columns.Computer.osMinor] = .int(build.count > 1 ? build[1] : 0)
        cells[Columns.Computer.osBuild] = .int(build.count > 2 ? build[2] : 0)
        cells[8] = .int(0)
        cells[9] = .int(0)
        cells[10] = .string("en-US")
        cells[11] = .string("Microsoft Corporation")
        cells[12] = .string("Virtual Machine")
        cells[16] = .string("AMD64")
        cells[Columns.Computer.lastSyncResult] = .int(computer.lastSyncTime == nil ? 0 : 1)
        cells[Columns.Computer.clientVersion] = .string("10.0.20348.2110")
        cells[Columns.Computer.osFamily] = .string("Windows")
        cells[Columns.Computer.osDescription] = .string(computer.osName)
        return Row(cells)
    }

    func targetGroup(_ group: SimGroup, order: Int) -> Row {
        Row([.string(group.type), .string(group.name), .guid(group.id), .int(order), .int(0), group.parentID.map(Cell.guid) ?? .null])
    }

    func deployment(_ approval: SimApproval) -> Row {
        Row([.date(approval.createdAt), .int(0), .int(approval.action.rawValue), .date(approval.goLive),
             approval.deadline.map(Cell.date) ?? .dateTime(WireDate.noDeadline), .string(approval.adminName),
             .guid(approval.id), .bool(true), .guid(approval.updateID), .int(approval.revisionNumber), .guid(approval.groupID)])
    }
}

import Foundation
import PatchbayCore

/// A server's install state of one patch, as the details panes show it.
public struct ServerState: Sendable, Hashable {
    public var server: String
    public var state: InstallState

    public init(server: String, state: InstallState) {
        self.server = server
        self.state = state
    }
}

/// The lower half of the patch list: what the patch is (description, KB article, supersedence) and where it
/// stands on each server in the user's scope, including pending restarts and servers that never reported.
public enum PatchDetailsPane {
    public static func render(into canvas: inout Canvas, row: PatchRow, details: PatchDetails?, servers: [ServerState], strings: ConsoleStrings,
                              top: Int, bottom: Int) {
        let width = canvas.width
        canvas.box(top: top, left: 0, bottom: bottom, right: width - 1, title: "\(strings.details) — \(row.kb)")
        var lines: [(String, StyleRole)] = []
        let inner = width - 4
        let released = row.released.map { String(UTCTime.iso($0).prefix(10)) } ?? ""
        lines.append(("\(row.kb)  \(strings.severity(row.severity))  \(strings.policy(row.policy))  \(row.classification)  \(strings.released) \(released)", .title))
        lines += DisplayWidth.wrap(row.title, width: inner).prefix(2).map { ($0, .normal) }
        if let details {
            let patch = details.patch
            if !patch.products.isEmpty { lines.append(("\(strings.products): \(patch.products.joined(separator: ", "))", .normal)) }
            let number = patch.displayKB.hasPrefix("KB") ? String(patch.displayKB.dropFirst(2)) : patch.displayKB
            let article = patch.moreInfoURLs.first ?? "https://support.microsoft.com/help/\(number)"
            lines.append(("\(strings.kbArticle): \(article)", .normal))
            let supersedes = details.supersedes.map(\.kb).joined(separator: ", ")
            let supersededBy = details.supersededBy.map(\.kb).joined(separator: ", ")
            lines.append(("\(strings.supersedes): \(supersedes.isEmpty ? strings.noneWord : supersedes)   "
                          + "\(strings.supersededBy): \(supersededBy.isEmpty ? strings.noneWord : supersededBy)", supersededBy.isEmpty ? .normal : .warning))
            lines += DisplayWidth.wrap(patch.description, width: inner).prefix(3).map { ($0, .muted) }
        } else {
            lines.append((strings.loading, .muted))
        }
        lines.append(("\(strings.serversInScope):", .title))
        // Two servers a line on 80 columns, more on wider terminals.
        let cell = 38
        let perLine = max(inner / cell, 1)
        for start in stride(from: 0, to: servers.count, by: perLine) {
            let chunk = servers[start..<min(start + perLine, servers.count)]
            let text = chunk.map { DisplayWidth.pad(DisplayWidth.truncate("\($0.server) \(strings.installState($0.state))", to: cell - 2), to: cell) }
                .joined()
            let attention = chunk.contains { $0.state.needsAttention }
            lines.append((text, attention ? .warning : .normal))
        }
        for (offset, line) in lines.enumerated() where top + 1 + offset < bottom {
            canvas.put(line.0, row: top + 1 + offset, column: 2, role: line.1, limit: inner)
        }
    }
}

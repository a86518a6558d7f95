import Foundation
import PatchbayCore

/// Turns the bytes of a servers file into drafts, or into problems that name the line.
enum ServerFileReader {
    static func drafts(from data: Data) -> (drafts: [ServerDraft], problems: [ServerProblem]) {
        var problems: [ServerProblem] = []
        // Check encoding line by line, so that a stray Latin-1 byte is reported where it is.
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where String(validating: line, as: UTF8.self) == nil {
            problems.append(ServerProblem(line: index + 1, column: nil, message: "the line is not valid UTF-8",
                                          fix: "save the file as UTF-8"))
        }
        guard problems.isEmpty else { return ([], problems) }
        let records: [CSV.Record]
        do {
            records = try CSV.parse(String(decoding: data, as: UTF8.self))
        } catch {
            return ([], [ServerProblem(line: error.line, column: nil, message: error.reason, fix: "correct the quoting")])
        }
        var drafts: [ServerDraft] = []
        for (index, record) in records.enumerated() {
            let fields = record.fields.map { $0.trimmingWhitespace() }
            let header = fields.map { $0.lowercased() }
            if index == 0 && (header == ServerColumn.allCases.map(\.csvName) || header == ServerColumn.withoutTimeZone.map(\.csvName)) { continue }
            guard fields.count == ServerColumn.allCases.count || fields.count == ServerColumn.withoutTimeZone.count else {
                problems.append(ServerProblem(
                    line: record.line, column: nil,
                    message: "\(fields.count) column\(fields.count == 1 ? "" : "s") where \(ServerColumn.allCases.count) are expected "
                        + "(or \(ServerColumn.withoutTimeZone.count), without the time zone)",
                    fix: "write the line as \(ServerColumn.header) (leave optional columns empty, but keep their commas)"))
                continue
            }
            drafts.append(ServerDraft(
                line: record.line, ipAddress: fields[0], name: fields[1], tenant: fields[2],
                owners: ServerDraft.owners(fields[3]), hostName: fields[4], osName: fields[5], wsusComputerName: fields[6],
                timeZone: fields.count > 7 ? fields[7] : ""))
        }
        if drafts.isEmpty && problems.isEmpty {
            problems.append(ServerProblem(line: nil, column: nil, message: "the file holds no servers",
                                          fix: "add one line per server: \(ServerColumn.header)"))
        }
        return (drafts, problems)
    }
}

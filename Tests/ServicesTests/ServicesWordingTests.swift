import Foundation
import Testing

/// The services speak in values: no source file of theirs names a command line option or a `patchbay …`
/// command, so the console never shows a user something to type that it does not offer.
@Suite("Services name no CLI words")
struct ServicesWordingTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/Services")
    /// Audit operation names are the CMDB's stored names of operations (`audit list --operation`), not advice.
    static let storedNames = ["\"patch info --summary\""]

    @Test("no Swift file under Sources/Services holds 'patchbay <command>' or an option such as --tenant")
    func noCLIWords() throws {
        let files = try #require(FileManager.default.enumerator(atPath: Self.folder.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 30, "the services' sources were found")
        let command = try Regex("patchbay [a-z]")
        let option = try Regex("(^|[^-A-Za-z0-9])--[a-z]")
        for file in files {
            var text = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
            for name in Self.storedNames { text = text.replacingOccurrences(of: name, with: "") }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                #expect(line.firstMatch(of: command) == nil && line.firstMatch(of: option) == nil, "\(file):\(number + 1): \(line)")
            }
        }
    }
}

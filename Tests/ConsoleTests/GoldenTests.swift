import Console
import Foundation
import PatchbayCore
import Testing

/// Every scene drawn at 80×24 and 120×40 in English and Japanese, compared with the text files in
/// `Tests/ConsoleTests/Goldens`. `make goldens` (PATCHBAY_WRITE_GOLDENS=1) writes them; nothing else does, so a
/// missing or stale golden fails here.
@Suite("Console: goldens")
struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    static let writing = ProcessInfo.processInfo.environment["PATCHBAY_WRITE_GOLDENS"] == "1"
    static let sizes = [(80, 24), (120, 40)]
    static let languages: [Language] = [.en, .ja]

    static func fileName(_ scene: String, _ language: Language, _ width: Int, _ height: Int) -> String {
        "\(scene).\(language.rawValue).\(width)x\(height).txt"
    }

    @Test("every screen and mode matches its golden", arguments: languages, sizes.map { "\($0.0)x\($0.1)" })
    func matchesGolden(language: Language, size: String) throws {
        let (width, height) = Self.sizes.first { "\($0.0)x\($0.1)" == size }!
        for scene in ConsoleScenes.all(language, width: width, height: height) {
            let name = Self.fileName(scene.name, language, width, height)
            let drawn = GoldenDump.text(ConsoleApp.render(scene.app), scene: scene.name, language: language.rawValue)
            let file = Self.folder.appendingPathComponent(name)
            if Self.writing {
                try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
                try drawn.write(to: file, atomically: true, encoding: .utf8)
                continue
            }
            guard let golden = try? String(contentsOf: file, encoding: .utf8) else {
                Issue.record("no golden \(name): run `make goldens`, read the new file, and commit it")
                continue
            }
            let same = drawn == golden // not inside #expect, which would print both files whole
            #expect(same, "\(name) differs from its golden (run `make goldens` if the change is meant, and read the diff):\n\(Self.difference(golden, drawn))")
        }
    }

    @Test("every golden file belongs to a scene (a renamed or removed scene leaves none behind)")
    func noStaleGoldens() throws {
        var expected = Set<String>()
        for language in Self.languages {
            for (width, height) in Self.sizes {
                for scene in ConsoleScenes.all(language, width: width, height: height) { expected.insert(Self.fileName(scene.name, language, width, height)) }
            }
        }
        #expect(expected.count == ConsoleScenes.all(.en, width: 80, height: 24).count * 4, "scene names are unique")
        let present = Set((try? FileManager.default.contentsOfDirectory(atPath: Self.folder.path)) ?? []).filter { $0.hasSuffix(".txt") }
        if Self.writing {
            for stale in present.subtracting(expected) { try FileManager.default.removeItem(at: Self.folder.appendingPathComponent(stale)) }
            return
        }
        #expect(present.subtracting(expected).isEmpty, "goldens with no scene: \(present.subtracting(expected).sorted())")
        #expect(expected.subtracting(present).isEmpty, "scenes with no golden: \(expected.subtracting(present).sorted())")
    }

    /// The first lines that differ, golden first, so a failure says what changed without a diff tool.
    static func difference(_ golden: String, _ drawn: String) -> String {
        let old = golden.components(separatedBy: "\n"), new = drawn.components(separatedBy: "\n")
        var out: [String] = []
        for index in 0..<max(old.count, new.count) where out.count < 12 {
            let a = index < old.count ? old[index] : "", b = index < new.count ? new[index] : ""
            if a != b { out += ["line \(index + 1) golden: \(a)", "line \(index + 1) drawn:  \(b)"] }
        }
        return out.joined(separator: "\n")
    }
}

import Console
import ConsoleTerminal
import Foundation
import PatchbayConfig
import PatchbayCore
import Testing

@Suite("Console themes")
struct ThemeTests {
    @Test("the five shipped themes read cleanly; each styles every role and names every border glyph; only mono is colourless")
    func shipped() throws {
        let files = try ThemeFiles.available()
        #expect(files.map(\.name) == ["dark", "default", "high-contrast", "light", "mono"])
        for file in files {
            let theme = try ThemeReader.read(file: file.path)
            #expect(theme.name == file.name)
            #expect(Set(theme.styles.keys) == Set(StyleRole.allCases), "\(file.name) leaves roles to 'normal'")
            #expect(Set(theme.borders.keys) == Set(Theme.BorderPiece.allCases), "\(file.name)")
            #expect(theme.usesColor == (file.name != "mono"), "\(file.name)")
            // The selection must stand out from normal text in every theme, colour or not.
            #expect(theme.style(.selection) != theme.style(.normal), "\(file.name)")
        }
        let mono = try ThemeReader.read(file: try #require(files.last).path)
        #expect(mono.glyph("┌") == "+" && mono.glyph("─") == "-" && mono.glyph("x") == "x")
    }

    @Test("an operator's themes folder adds its themes in name order and replaces a shipped theme of the same name")
    func operatorFolder() throws {
        let folder = NSTemporaryDirectory() + "patchbay-themes-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["aurora.yaml", "dark.yaml", "notes.txt"] { FileManager.default.createFile(atPath: folder + "/" + name, contents: Data("roles: {}\n".utf8)) }
        let files = try ThemeFiles.available(operatorFolder: folder)
        #expect(files.map(\.name) == ["aurora", "dark", "default", "high-contrast", "light", "mono"], "only .yaml files are themes")
        #expect(files.first { $0.name == "dark" }?.path == folder + "/dark.yaml", "the operator's dark replaces the shipped one")
        #expect(files.first { $0.name == "default" }?.path.hasPrefix(folder) == false)
        #expect(throws: PatchbayError.self) { try ThemeFiles.available(operatorFolder: folder + "/missing") }
    }

    func problem(_ text: String) -> String {
        do {
            _ = try ThemeReader.parse(text, path: "/etc/patchbay/themes/mine.yaml")
            return ""
        } catch let error as PatchbayError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    @Test("a mistake in a theme names the file, line, key and the fix")
    func mistakes() {
        let role = problem("roles:\n  normal: {}\n  titel: {fg: cyan}\n")
        #expect(role.contains("mine.yaml line 3") && role.contains("unknown key 'titel'") && role.contains("Did you mean 'title'?"), "\(role)")
        let colour = problem("roles:\n  title: {fg: cyaan}\n")
        #expect(colour.contains("line 2") && colour.contains("roles.title.fg") && colour.contains("'cyaan' is not a colour")
                && colour.contains("bright-<name>"), "\(colour)")
        let attribute = problem("roles:\n  title: {attributes: [blink]}\n")
        #expect(attribute.contains("'blink' is not an attribute") && attribute.contains("bold, dim, reverse, underline"), "\(attribute)")
        let glyph = problem("roles: {normal: {}}\nborders:\n  horizontal: \"══\"\n")
        #expect(glyph.contains("line 3") && glyph.contains("not one character"), "\(glyph)")
        #expect(problem("name: x\n").contains("'roles' is missing"))
        #expect(problem("roles: {normal: {fg: 300}}").contains("'300' is not a colour"))
    }

    @Test("colours by name, bright name and number")
    func colours() {
        #expect(Theme.Color(name: "default") == .terminalDefault)
        #expect(Theme.Color(name: "Cyan") == .indexed(6))
        #expect(Theme.Color(name: "bright-red") == .indexed(9))
        #expect(Theme.Color(name: "208") == .indexed(208))
        #expect(Theme.Color(name: "bright-pink") == nil && Theme.Color(name: "-1") == nil)
    }
}

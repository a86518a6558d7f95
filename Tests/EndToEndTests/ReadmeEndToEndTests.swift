import Foundation
import Testing

/// README.md is for users and must stay true: short, with every command it shows running as shown on the demo.
@Suite("README, end to end", .serialized)
struct ReadmeEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var readme: String { (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? "" }

    /// A command of a ```console block and the output README shows under it.
    struct Shown {
        var command: String
        var output: [String]
    }

    /// The `$ ` lines of every ```console block, in order, each with the lines after it.
    static func commands(in text: String) -> [Shown] {
        var result: [Shown] = []
        var inBlock = false
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                inBlock = line == "```console"
                continue
            }
            guard inBlock else { continue }
            if line.hasPrefix("$ ") {
                result.append(Shown(command: String(line.dropFirst(2)), output: []))
            } else if !result.isEmpty {
                result[result.count - 1].output.append(line)
            }
        }
        return result
    }

    @Test("README is short (about 250 lines) and links its docs, which exist")
    func short() throws {
        let lines = Self.readme.components(separatedBy: "\n")
        #expect(lines.count <= 260, "README has \(lines.count) lines: operator and developer matter belongs in docs/")
        let links = Self.readme.matches(of: /\]\((docs\/[A-Za-z0-9_.\-\/]+\.md)/).map { String($0.1) }
        #expect(Set(links).isSuperset(of: ["docs/architecture.md", "docs/operations.md", "docs/development.md", "docs/wsus-protocol.md"]), "\(links)")
        for link in Set(links) {
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(link).path), "README links \(link), which is missing")
        }
    }

    @Test("nothing in the repository refers to material outside it (the shared folder beside it, its design file)")
    func selfContained() throws {
        // Spelled in parts, so that this file does not name them itself.
        let outside = [".." + "/shared", "DESIGN" + ".md"]
        var offenders: [String] = []
        for folder in ["Sources", "Tests", "Themes", "docs", "scripts", ".ci"] {
            guard let files = FileManager.default.enumerator(atPath: Self.root.appendingPathComponent(folder).path) else { continue }
            for case let file as String in files where !file.hasSuffix(".xml") && !file.hasSuffix(".csv") && !file.contains("Goldens/") {
                let path = Self.root.appendingPathComponent(folder).appendingPathComponent(file).path
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
                if outside.contains(where: text.contains) { offenders.append("\(folder)/\(file)") }
            }
        }
        for file in ["README.md", "Makefile", "Package.swift"] where ((try? String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)) ?? "")
            .contains(outside[0]) { offenders.append(file) }
        #expect(offenders.isEmpty, "\(offenders)")
    }

    @Test("every command README shows runs on the demo (simulator and daemon serving) and exits 0; each shown output starts as the real one")
    func commandsRunAsShown() throws {
        let shown = Self.commands(in: Self.readme)
        #expect(shown.count >= 5, "README shows a tour of commands")
        let home = try DemoHome()
        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: PatchbayBinary.path)
        serve.arguments = ["demo", "--home", home.folder, "--serve"]
        let output = Pipe()
        serve.standardOutput = output
        serve.standardError = output
        try serve.run()
        defer {
            serve.terminate()
            serve.waitUntilExit()
        }
        // Ready when it says so (the simulator is up and the configuration rewritten for its port).
        var log = ""
        let deadline = Date().addingTimeInterval(60)
        while !log.contains("Serving:"), Date() < deadline, serve.isRunning {
            log += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        }
        try #require(log.contains("Serving:"), "demo --serve did not start: \(log)")
        let bin = home.folder + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin + "/patchbay", withDestinationPath: PatchbayBinary.path)
        for item in shown where !item.command.hasPrefix("export ") && !item.command.hasPrefix("cd ") {
            #expect(item.command.hasPrefix("patchbay "), "README shows a command that is not patchbay's: \(item.command)")
            let run = Process()
            run.executableURL = URL(fileURLWithPath: "/bin/sh")
            run.arguments = ["-c", item.command]
            run.currentDirectoryURL = URL(fileURLWithPath: home.folder)
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            environment["PATCHBAY_CONFIG"] = home.config
            // Tables are as wide as README shows them, whatever the test runner's own terminal.
            environment["COLUMNS"] = nil
            run.environment = environment
            let out = Pipe()
            run.standardOutput = out
            run.standardError = out
            try run.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            run.waitUntilExit()
            #expect(run.terminationStatus == 0, "`\(item.command)` exited \(run.terminationStatus):\n\(text)")
            if let first = item.output.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }), first != "..." {
                #expect(text.contains(first), "`\(item.command)`: README shows\n\(first)\nbut it printed\n\(text)")
            }
        }
    }
}

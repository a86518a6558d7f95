import Foundation
@testable import Adapters
import Services
import Testing

/// There is no PowerShell here, so the agent script and the exact bytes the ssh agent sends are parsed with
/// tree-sitter-powershell's grammar (Tests/Interop/parse_powershell.py): a syntax error fails the build's tests.
@Suite("agent script syntax")
struct AgentScriptSyntaxTests {
    struct Parse {
        var status: Int32
        var output: String
    }

    static func parse(_ input: Data, name: String = "-") throws -> Parse {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", AgentScript.parser, name]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Parse(status: process.terminationStatus, output: output)
    }

    @Test("Invoke-PatchbayAgent.ps1 parses without an ERROR or MISSING node")
    func scriptParses() throws {
        let result = try Self.parse(Data(), name: AgentScript.sourcePath)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("parses cleanly"))
    }

    @Test("the exact standard input the ssh agent sends (request line + script) parses, hostile requests included",
          arguments: ["check", "install"] + AgentScript.hostileTexts)
    func payloadParses(text: String) throws {
        let request: [String: Any] = ["operation": "script", "script": text, "kbs": [text]]
        let result = try Self.parse(try AgentScript.agent().payload(request))
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("the check covers the grammar's gap: a '…' string holding ’ (PowerShell ends it there) is reported, as the old request line was")
    func smartQuoteFails() throws {
        let oldLine = "$PatchbayRequest = '{\"kbs\":[\"KB5033’;Remove-Item C:\\\\ -Recurse;’\"]}'\n"
        let script = try AgentScript.sourceBytes()
        let result = try Self.parse(Data(oldLine.utf8) + script)
        #expect(result.status == 1)
        #expect(result.output.contains("-:1:20: U+2019 ends this string in PowerShell"), "\(result.output)")
    }

    @Test("the check can fail: a script missing its last closing brace is reported with its location")
    func brokenScriptFails() throws {
        var script = String(decoding: try AgentScript.sourceBytes(), as: UTF8.self)
        script.remove(at: try #require(script.lastIndex(of: "}")))
        let result = try Self.parse(Data(script.utf8))
        #expect(result.status == 1)
        #expect(result.output.contains("-:"), "names the line and column: \(result.output)")
    }

    /// The names in the first column of a table of docs/agent-protocol.md under `heading`.
    static func contractNames(under heading: String) throws -> [String] {
        let doc = try String(contentsOf: AgentScript.repository.appendingPathComponent("docs/agent-protocol.md"), encoding: .utf8)
        let section = try #require(doc.components(separatedBy: "\n## ").first { $0.hasPrefix(heading) })
        return section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            return line.dropFirst(3).prefix { $0 != "`" }.description
        }
    }

    @Test("every event of the written contract is one the script writes, and every operation one it carries out")
    func scriptFollowsTheContract() throws {
        let script = String(decoding: try AgentScript.sourceBytes(), as: UTF8.self)
        let events = try Self.contractNames(under: "3. Events")
        #expect(events.count == 10, "the contract's events: \(events)")
        for event in events {
            #expect(script.contains("event = '\(event)'"), "the script never writes the '\(event)' event of docs/agent-protocol.md §3")
        }
        for operation in ["check", "script", "install", "reboot"] {
            #expect(script.contains("'\(operation)' "), "the script does not carry out '\(operation)'")
        }
        let fields = try Self.contractNames(under: "2. Requests")
        #expect(Set(fields) == ["protocol", "operation", "updates", "kbs", "task", "run_as", "script"], "\(fields)")
        for field in fields { #expect(script.contains("$request.\(field)"), "the script never reads the request's '\(field)'") }
    }
}

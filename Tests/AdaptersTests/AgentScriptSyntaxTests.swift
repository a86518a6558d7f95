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
}

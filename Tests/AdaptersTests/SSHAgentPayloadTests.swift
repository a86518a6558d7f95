import Foundation
import PatchbayCore
@testable import Adapters
import Services
import Testing

/// The exact bytes the ssh agent writes to PowerShell's standard input: whatever a request holds, its first
/// line is the fixed prefix, the base64 alphabet only and the fixed suffix, and the rest is the shipped script.
@Suite("ssh agent payload")
struct SSHAgentPayloadTests {
    static let base64Alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".utf8)

    /// Splits a payload into the request line's base64 text and the script after it, or fails the test.
    static func split(_ payload: Data) throws -> (base64: Data, script: Data) {
        let newline = try #require(payload.firstIndex(of: UInt8(ascii: "\n")), "the payload has no first line")
        let line = payload[payload.startIndex..<newline]
        let prefix = Data(AgentScript.requestPrefix.utf8)
        try #require(line.starts(with: prefix), "first line: \(String(decoding: line.prefix(60), as: UTF8.self))")
        try #require(line.last == UInt8(ascii: "'"), "the first line ends in a single quote")
        return (Data(line.dropFirst(prefix.count).dropLast()), Data(payload[(newline + 1)...]))
    }

    @Test("hostile text in any field: the first line is prefix + base64 + suffix, decoding to exactly the request JSON; the rest is the script",
          arguments: AgentScript.hostileTexts)
    func hostileRequest(text: String) throws {
        let request: [String: Any] = ["operation": "install", "script": text, "updates": [text, "5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"], "kbs": [text]]
        let payload = try AgentScript.agent().payload(request)
        let (base64, script) = try Self.split(payload)
        #expect(!base64.isEmpty && base64.allSatisfy(Self.base64Alphabet.contains), "only the base64 alphabet between the quotes")
        let decoded = try #require(Data(base64Encoded: base64), "the line is valid base64")
        let json = try JSONSerialization.data(withJSONObject: request.merging(["protocol": 2]) { first, _ in first }, options: [.sortedKeys])
        #expect(decoded == json, "exactly the request JSON, with the protocol version (docs/agent-protocol.md §2)")
        let parsed = try JSONSerialization.jsonObject(with: decoded) as? [String: Any]
        #expect(parsed?["script"] as? String == text && (parsed?["kbs"] as? [String]) == [text], "the text survives as data")
        let source = try AgentScript.sourceBytes()
        #expect(script == source, "the rest is Invoke-PatchbayAgent.ps1 byte for byte")
        #expect(payload.allSatisfy { $0 < 0x80 }, "all ASCII, so the server console's code page cannot change what PowerShell parses")
    }

    @Test("every operation's payload has the same shape, and the remote command is the configured one whatever the request")
    func everyOperation() throws {
        let agent = try AgentScript.agent()
        let source = try AgentScript.sourceBytes()
        for request in [["operation": "check"], ["operation": "reboot"], ["operation": "script", "script": "Get-Service W3SVC\n"]] as [[String: Any]] {
            let (base64, script) = try Self.split(try agent.payload(request))
            let json = try JSONSerialization.data(withJSONObject: request.merging(["protocol": 2]) { first, _ in first }, options: [.sortedKeys])
            #expect(Data(base64Encoded: base64) == json)
            #expect(script == source)
        }
        #expect(agent.arguments(for: AgentScript.target).last == SSHAgent.Settings.defaultCommand)
    }

    @Test("the script reads the request line it is sent: it decodes PatchbayRequestBase64 and parses the JSON")
    func scriptDecodesTheLine() throws {
        let script = String(decoding: try AgentScript.sourceBytes(), as: UTF8.self)
        #expect(script.contains("[Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($PatchbayRequestBase64)) | ConvertFrom-Json"))
        #expect(!script.contains("$PatchbayRequest |"), "the old quoted request line is gone")
    }

    struct Refusal: Sendable, CustomStringConvertible {
        var updateID: String
        var kb: String
        /// What the message must name.
        var named: String
        var description: String { "\(updateID) \(kb)" }
    }

    @Test("an install is refused before ssh starts when an update id is not a GUID or a KB is not a KB number", arguments: [
        Refusal(updateID: "not-a-guid", kb: "KB5033118", named: "update id 'not-a-guid'"),
        Refusal(updateID: "5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", kb: "KB5033’;Remove-Item C:\\ -Recurse;’",
                named: "'KB5033’;Remove-Item C:\\ -Recurse;’' (update 5f0c2a1b…)"),
        Refusal(updateID: "5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';Stop-Computer;'", kb: "KB5033118", named: "is not a GUID"),
        Refusal(updateID: "5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", kb: "5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5c", named: "is not a KB number"),
    ])
    func refusesHostileUpdates(refusal: Refusal) async throws {
        let ssh = try RecordingSSH()
        let patches = [Job.Patch(key: PatchKey(updateID: "5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", revisionNumber: 200), kb: "KB5033118"),
                       Job.Patch(key: PatchKey(updateID: refusal.updateID, revisionNumber: 200), kb: refusal.kb)]
        do {
            _ = try await AgentScript.agent(sshPath: ssh.path).install(patches, on: AgentScript.target)
            Issue.record("the install was sent")
        } catch let failure as AgentFailure {
            #expect(failure.message.hasPrefix("refusing to send "), "\(failure.message)")
            #expect(failure.message.contains(refusal.named), "\(failure.message)")
            #expect(failure.message.contains("run discovery again"), "the message says what to do")
        }
        #expect(!ssh.wasStarted, "ssh was never started")
    }

    @Test("an install of well-formed updates is sent: the refusal does not block real KBs or an update without a KB")
    func sendsWellFormedUpdates() async throws {
        let ssh = try RecordingSSH()
        let withoutKB = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
        let patches = [Job.Patch(key: PatchKey(updateID: "5F0C2A1B-3C4D-4E5F-8A9B-0C1D2E3F4A5B", revisionNumber: 200), kb: "KB5033118"),
                       Job.Patch(key: PatchKey(updateID: withoutKB, revisionNumber: 201), kb: withoutKB)]
        var target = AgentScript.target
        target.jobID = 7
        // The recording client answers nothing, which the agent reports as an install without a result.
        await #expect(throws: AgentFailure.self) { try await AgentScript.agent(sshPath: ssh.path).install(patches, on: target) }
        let (base64, _) = try Self.split(try ssh.received())
        let json = try #require(Data(base64Encoded: base64))
        let request = try JSONSerialization.jsonObject(with: json) as? [String: Any]
        #expect(request?["updates"] as? [String] == ["5F0C2A1B-3C4D-4E5F-8A9B-0C1D2E3F4A5B", withoutKB])
        #expect(request?["kbs"] as? [String] == ["KB5033118", withoutKB])
        #expect(request?["task"] as? String == "Patchbay-job7-server1", "one install task per job and server (docs/agent-protocol.md §4)")
        #expect(request?["run_as"] as? String == "system" && request?["protocol"] as? Int == 2)
    }

    @Test("a request over the protocol's 256 KiB is refused before ssh starts, saying so")
    func oversizedRequest() throws {
        let agent = try AgentScript.agent()
        #expect(throws: AgentFailure.self) { try agent.payload(["operation": "script", "script": String(repeating: "x", count: 300 * 1024)]) }
        #expect(try agent.payload(["operation": "script", "script": String(repeating: "x", count: 64 * 1024)]).count > 64 * 1024)
    }
}

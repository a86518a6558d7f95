import Foundation
import PatchbayCore
@testable import Adapters
import Services

/// The shipped agent script as it is in the source tree, and an ssh agent that loads it from the resource bundle.
enum AgentScript {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sourcePath = repository.appendingPathComponent("Sources/Adapters/Resources/Invoke-PatchbayAgent.ps1").path
    static let parser = repository.appendingPathComponent("Tests/Interop/parse_powershell.py").path

    /// The line the script's Read-Request expects before it; written out here so that a change on either side shows.
    static let requestPrefix = "$PatchbayRequestBase64 = '"

    static func sourceBytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: sourcePath)) }

    static func agent(sshPath: String = "/usr/bin/ssh") throws -> SSHAgent {
        try SSHAgent(settings: SSHAgent.Settings(user: "patchbay", sshPath: sshPath))
    }

    static let target = JobTarget(
        server: Server(id: 1, ipAddress: "192.0.2.11", name: "ACME-WEB01", tenantID: 1, owners: [], hostName: "acme-web01",
                       osName: "Windows Server 2022", wsusComputerName: "", createdAt: Date(), updatedAt: Date()),
        wsusServerName: "wsus01", computerID: nil, computerName: "acme-web01.acme.example")

    /// Text a WSUS row or an operator's script could hold that would end a PowerShell string or start code.
    static let hostileTexts = [
        "'", "’", "‘", "‛", "‚", "\"", "“", "”", "„", "\n", "\r\n", "\u{2028}", "$(Remove-Item C:\\ -Recurse)", "`", "`n", ";", "@'\n",
        "5033’;Remove-Item C:\\ -Recurse;’", "''; Stop-Computer; '", "\u{1B}[2J", "\u{0}", "日本語のスクリプト",
    ]
}

import Foundation

/// The first line the ssh agent writes to PowerShell's standard input, ahead of the agent script.
///
/// The request (UTF-8 JSON) travels base64-encoded, so this line is the same fixed prefix and suffix around
/// characters of the base64 alphabet whatever the request holds. Escaping quotes instead is not enough:
/// PowerShell also ends a '…' string at U+2018–U+201B, so a KB number or script text holding ’ would run
/// as code on the server. The script decodes the line itself (Read-Request in Invoke-PatchbayAgent.ps1).
enum AgentRequestLine {
    static let prefix = "$PatchbayRequestBase64 = '"
    static let suffix = "'\n"

    static func line(json: Data) -> String {
        prefix + json.base64EncodedString() + suffix
    }
}

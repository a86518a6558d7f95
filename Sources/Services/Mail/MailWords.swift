import Foundation
import PatchbayCore

/// The words a mail's values take in the recipient's language: the template variables of each event, filled
/// from typed content in one place.
enum MailWords {
    static func values(_ content: JobMailContent, language: Language) -> [String: String] {
        ["job_id": String(content.jobID), "owner": content.owner, "patches": content.patches.joined(separator: ", "),
         "server_count": String(content.serverCount), "server": content.server ?? "", "detail": detail(content.detail, language),
         "state": content.kind.rawValue]
    }

    static func values(_ content: ApplyRequestContent, language: Language) -> [String: String] {
        let lines = content.patches.map { patch in
            let severity = patch.severity.isEmpty ? "-" : patch.severity
            let servers = patch.servers.joined(separator: ", ")
            switch language {
            case .en: return "- \(patch.kb) \(patch.title)\n  \(severity), \(DomainWords.policy(patch.policy, language)); servers: \(servers)"
            case .ja: return "- \(patch.kb) \(patch.title)\n  \(severity)、\(DomainWords.policy(patch.policy, language))、サーバー: \(servers)"
            }
        }
        return ["recipient": content.recipient, "tenant": content.tenant, "patch_count": String(content.patches.count),
                "patches": lines.joined(separator: "\n")]
    }

    static func detail(_ detail: JobMailContent.Detail, _ language: Language) -> String {
        switch (detail, language) {
        case (.none, _): return ""
        case (.starts(let at?), .en): return "It starts at \(UTCTime.iso(at))."
        case (.starts(nil), .en): return "It starts now."
        case (.starts(let at?), .ja): return "開始日時: \(UTCTime.iso(at))"
        case (.starts(nil), .ja): return "すぐに開始します。"
        case (.failed(let server, let process, let message), .en): return "\(server): \(process.rawValue) failed: \(message)"
        case (.failed(let server, let process, let message), .ja):
            // The services word failures in English; the Windows Update codes in them are explained in Japanese.
            let explained = WindowsUpdateResult.explanations(in: message, language: .ja).map { "\n  " + $0 }.joined()
            return "\(server): \(DomainWords.process(process, .ja)) が失敗しました: \(message)\(explained)"
        case (.stopped(let server, let loss), .en): return "\(server): \(loss.reason)."
        // The reason names users and tenants as the CMDB has them; it stays as `job show` prints it.
        case (.stopped(let server, let loss), .ja): return "\(server): 停止しました（\(loss.reason)）"
        }
    }
}

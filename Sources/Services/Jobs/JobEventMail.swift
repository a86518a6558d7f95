import PatchbayCore

/// The owner's mail for a job event, in the owner's language. (Template files come with the mail feature;
/// until then the texts live here.)
enum JobEventMail {
    struct Facts {
        var jobID: Int64
        var kbs: [String]
        var serverCount: Int
        var serverName: String?
        var detail: String
    }

    static func compose(_ kind: JobEventKind, _ facts: Facts, language: Language) -> (subject: String, body: String) {
        let patches = facts.kbs.joined(separator: ", ")
        switch language {
        case .en:
            let headline: String
            switch kind {
            case .accepted: headline = "Job \(facts.jobID) was accepted"
            case .serverError: headline = "Job \(facts.jobID): \(facts.serverName ?? "a server") needs your action"
            case .failed: headline = "Job \(facts.jobID) ended with errors"
            case .completed: headline = "Job \(facts.jobID) completed"
            case .cancelled: headline = "Job \(facts.jobID) was cancelled"
            }
            var body = "\(headline).\n\nPatches: \(patches)\nServers: \(facts.serverCount)\n"
            if !facts.detail.isEmpty { body += "\n\(facts.detail)\n" }
            if kind == .serverError { body += "\nRetry, continue or cancel it in the console's job monitor or with 'patchbay job retry|continue|cancel \(facts.jobID)'.\n" }
            body += "\nDetails: patchbay job show \(facts.jobID)\n"
            return ("[Patchbay] \(headline)", body)
        case .ja:
            let headline: String
            switch kind {
            case .accepted: headline = "ジョブ \(facts.jobID) を受け付けました"
            case .serverError: headline = "ジョブ \(facts.jobID): \(facts.serverName ?? "サーバー") で対応が必要です"
            case .failed: headline = "ジョブ \(facts.jobID) はエラーありで終了しました"
            case .completed: headline = "ジョブ \(facts.jobID) が完了しました"
            case .cancelled: headline = "ジョブ \(facts.jobID) は取り消されました"
            }
            var body = "\(headline)。\n\nパッチ: \(patches)\nサーバー数: \(facts.serverCount)\n"
            if !facts.detail.isEmpty { body += "\n\(facts.detail)\n" }
            if kind == .serverError { body += "\nコンソールのジョブモニター、または 'patchbay job retry|continue|cancel \(facts.jobID)' で再実行・続行・取消を選んでください。\n" }
            body += "\n詳細: patchbay job show \(facts.jobID)\n"
            return ("[Patchbay] \(headline)", body)
        }
    }
}

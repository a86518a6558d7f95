import Foundation
import PatchbayCore

/// Every word the console shows, in English and Japanese.
public struct ConsoleStrings: Sendable, Hashable {
    public let language: Language

    public init(_ language: Language) {
        self.language = language
    }

    func t(_ en: String, _ ja: String) -> String { language == .ja ? ja : en }

    public var login: String { t("Log in", "ログイン") }
    public var userID: String { t("User ID", "ユーザーID") }
    public var password: String { t("Password", "パスワード") }
    public var loggingIn: String { t("Checking…", "確認中…") }
    public var loginRefused: String { t("Login refused: wrong user ID or password, or the account is locked for now.",
                                        "ログインできません: ユーザーIDかパスワードが違うか、アカウントが一時的にロックされています。") }
    /// Why the session ended without the user quitting; shown on the login screen that follows.
    public func sessionEnded(_ reason: SessionEnd) -> String {
        switch reason {
        case .locked: return t("Session ended: your account was locked. Nothing more was done.",
                               "セッション終了: アカウントがロックされました。操作は行われていません。")
        case .deleted: return t("Session ended: your account was deleted. Nothing more was done.",
                                "セッション終了: アカウントが削除されました。操作は行われていません。")
        case .roleChanged: return t("Session ended: your role was changed. Log in again.",
                                    "セッション終了: ロールが変更されました。再度ログインしてください。")
        case .tenantChanged: return t("Session ended: your tenant was changed. Log in again.",
                                      "セッション終了: テナントが変更されました。再度ログインしてください。")
        case .idle(let minutes): return t("Session ended after \(minutes) minute\(minutes == 1 ? "" : "s") without a key. Log in again.",
                                          "\(minutes) 分間操作がないため、セッションを終了しました。")
        }
    }
    public var patches: String { t("Patches", "パッチ") }
    public var filter: String { t("Filter", "絞り込み") }
    public var sort: String { t("Sort", "並べ替え") }
    public var quit: String { t("Quit", "終了") }
    public var next: String { t("Next", "次へ") }
    public var help: String { t("Help", "ヘルプ") }
    public var back: String { t("Back", "戻る") }
    public var servers: String { t("Servers", "サーバー") }
    public var server: String { t("SERVER", "サーバー") }
    public var tenant: String { t("TENANT", "テナント") }
    public var required: String { t("REQUIRED", "必須") }
    public var recommended: String { t("RECOMMENDED", "推奨") }
    public var requiredShort: String { t("REQ", "必須") }
    public var recommendedShort: String { t("REC", "推奨") }
    public var failedShort: String { t("FAIL", "失敗") }
    public var rebootShort: String { t("RBT", "再起") }
    public var failedHeader: String { t("FAILED", "失敗") }
    public var reboot: String { t("REBOOT", "再起動待") }
    public var lastReport: String { t("LAST REPORT (UTC)", "最終報告 (UTC)") }
    public var notReportedYet: String { t("not reported yet", "未報告") }
    public var stale: String { t("(stale)", "(古い)") }
    public var applyWizard: String { t("Apply patches", "パッチ適用") }
    public func stepName(_ step: Int) -> String {
        let en = ["", "Servers", "Patch type", "Patches", "When", "Confirm", "Done"]
        let ja = ["", "サーバー", "パッチ種別", "パッチ", "実行日時", "確認", "完了"]
        return t(en[step], ja[step])
    }
    public func patchType(_ type: ApplyWizard.PatchType) -> String {
        switch type {
        case .required: return t("Required patches (security and critical)", "必須パッチ（セキュリティ・緊急）")
        case .recommended: return t("Recommended patches", "推奨パッチ")
        case .all: return t("All needed patches", "未適用のすべてのパッチ")
        case .classification(let name): return t("Classification: \(name)", "分類: \(name)")
        }
    }
    public var serversWord: String { t("servers", "サーバー") }
    /// "1 server", "2 servers", "2 台".
    public func serverCount(_ count: Int) -> String { language == .ja ? "\(count) 台" : "\(count) server\(count == 1 ? "" : "s")" }
    public func patchCount(_ count: Int) -> String { language == .ja ? "\(count) 件" : "\(count) patch\(count == 1 ? "" : "es")" }
    public var patchesWord: String { t("patches", "パッチ") }
    public var now: String { t("Now", "今すぐ") }
    public var at: String { t("At", "日時指定") }
    public var rebootAfter: String { t("Restart after installing", "インストール後に再起動") }
    public var yes: String { t("yes", "はい") }
    public var no: String { t("no", "いいえ") }
    public var enterCreates: String { t("Enter creates the job.", "Enter でジョブを作成します。") }
    public func jobCreated(_ id: Int64) -> String { t("Job \(id) was created.", "ジョブ \(id) を作成しました。") }
    public var close: String { t("Close", "閉じる") }
    public var choose: String { t("Choose", "選択") }
    public var cancel: String { t("Cancel", "取消") }
    public var jobs: String { t("Jobs", "ジョブ") }
    public var job: String { t("Job", "ジョブ") }
    public var noJobs: String { t("No jobs yet.", "ジョブはまだありません。") }
    public var noRunner: String { t("No job runner is alive: jobs wait until 'patchbay daemon' runs.",
                                    "ジョブランナー停止中: 'patchbay daemon' が動くまでジョブは待機します") }
    /// The monitor's line naming the hosts whose daemons run jobs.
    public func runnerHosts(alive: [String], silent: [String]) -> String {
        let answering = t("Job runners: ", "ジョブランナー: ") + alive.joined(separator: ", ")
        return silent.isEmpty ? answering : answering + t(" · not answering: ", " · 応答なし: ") + silent.joined(separator: ", ")
    }
    public var status: String { t("Status", "状況") }
    public var compliance: String { t("compliance", "準拠率") }
    public var statusLegend: String { t("Approved patches:  █ installed  ▓ needed  ✗ failed  ░ waiting for restart",
                                        "承認済みパッチ:  █ 適用済  ▓ 未適用  ✗ 失敗  ░ 再起動待ち") }
    public var statusFigures: String { t("installed/needed/failed/restart", "適用済/未適用/失敗/再起動待ち") }
    public var otherKeys: String { t("other keys", "他のキー") }
    public var anyKey: String { t("Press any key to go back", "何かキーを押すと戻ります") }
    public var needed: String { t("NEEDED", "未適用") }
    /// The wizard's empty steps say what to do next.
    public var wizardNoServers: String {
        t("No server in your scope has reported to WSUS yet, so there is nothing to apply. Esc closes the wizard.",
          "担当範囲のサーバーはまだ WSUS に報告していないため、適用できるものはありません。Esc でウィザードを閉じます。")
    }
    public var wizardNoPatches: String {
        t("No approved patch of this type is needed on the chosen servers. ← goes back to choose another type or other servers.",
          "選んだサーバーに必要な、この種類の承認済みパッチはありません。← で戻り、別の種類か別のサーバーを選んでください。")
    }
    public var noPatches: String { t("No approved patch matches.", "該当する承認済みパッチはありません。") }
    public func shown(_ count: Int, of total: Int) -> String { t("\(count) of \(total) patches", "\(total) 件中 \(count) 件") }
    public var tooSmall: String { t("The window is too small: Patchbay needs at least 80×24.", "ウィンドウが小さすぎます: 80×24 以上が必要です。") }

    public var presets: String { t("Presets", "プリセット") }
    public var presetRequired: String { t("required", "必須") }
    public var presetNeeded: String { t("needed", "未適用") }
    public var presetClear: String { t("Show all approved patches (clear presets)", "すべての承認済みパッチ（プリセット解除）") }
    public var presetRequiredOnly: String { t("Required patches only", "必須パッチのみ") }
    public var presetNeededOnly: String { t("Only patches still needed on my servers", "自分のサーバーで未適用のパッチのみ") }
    public var classificationWord: String { t("Classification", "分類") }
    public var severityWord: String { t("Severity", "重要度") }
    public var productWord: String { t("Product", "製品") }
    public var details: String { t("Details", "詳細") }
    public var loading: String { t("Loading…", "読み込み中…") }
    public var released: String { t("Released", "公開日") }
    public var products: String { t("Products", "製品") }
    public var kbArticle: String { t("KB article", "KB 記事") }
    public var supersedes: String { t("Supersedes", "置き換え対象") }
    public var supersededBy: String { t("Superseded by", "後継") }
    public var noneWord: String { t("none", "なし") }
    public var serversInScope: String { t("Servers in your scope", "担当サーバー") }
    public func installState(_ state: InstallState) -> String {
        switch state {
        case .installed: return t("installed", "適用済")
        case .pendingReboot: return t("installed, restart pending", "適用済・再起動待ち")
        case .failed: return t("failed", "失敗")
        case .notInstalled: return t("needed", "未適用")
        case .downloaded: return t("needed (downloaded)", "未適用（ダウンロード済）")
        case .notApplicable: return t("not applicable", "対象外")
        case .notReportedYet: return notReportedYet
        case .unknown: return t("unknown", "不明")
        }
    }
    public var ipAddress: String { t("IP address", "IP アドレス") }
    public var timeZone: String { t("Time zone", "タイムゾーン") }
    public var notRecorded: String { t("not recorded", "未登録") }
    public var wsusComputer: String { t("WSUS", "WSUS") }
    public var noPatchesOnServer: String { t("none: WSUS reports no approved patch for this server", "なし: このサーバーについて承認済みパッチの報告はありません") }
    public var patchesOnServer: String { t("Approved patches on this server", "このサーバーの承認済みパッチ") }
    public var preScript: String { t("Pre-script", "事前スクリプト") }
    public var postScript: String { t("Post-script", "事後スクリプト") }
    public var scriptHint: String { t("Space picks a script from the scripts folder; it runs on each server before or after installing.",
                                      "Space でスクリプトフォルダーから選択。各サーバーでインストール前後に実行します。") }
    public var noScripts: String { t("none (no scripts folder)", "なし（スクリプトフォルダーなし）") }
    public func notReportingWarning(_ server: String, days: Int) -> String {
        t("\(server) has not reported to WSUS for \(days) days: its patch state may be out of date",
          "\(server) は \(days) 日間 WSUS に報告していません: パッチ状態が古い可能性があります")
    }
    public func notDownloadedWarning(_ server: String, kbs: [String]) -> String {
        t("\(server) has not downloaded from WSUS yet: \(kbs.joined(separator: ", "))",
          "\(server) は WSUS からまだダウンロードしていません: \(kbs.joined(separator: ", "))")
    }

    /// A binding table's action name (English in the tables) in the user's language.
    public func action(_ name: String) -> String {
        guard language == .ja else { return name }
        let japanese = ["All": "全選択/解除", "Apply": "適用", "Back": "戻る", "Choose": "選択", "Close": "閉じる", "Create job": "ジョブ作成", "Done": "確定", "Erase": "1文字消去",
                        "Log in": "ログイン", "Next": "次へ", "Next field": "次の欄", "Next line": "次の行", "No": "いいえ", "Type": "入力", "Yes": "はい", "Bottom": "末尾", "Cancel": "取消", "Continue": "続行", "Details": "詳細",
                        "Down": "下へ", "Filter": "検索", "Help": "ヘルプ", "Jobs": "ジョブ", "Next theme": "次のテーマ", "Open": "開く",
                        "Page down": "次ページ", "Page up": "前ページ", "Patches": "パッチ", "Presets": "条件", "Quit": "終了",
                        "Re-run failed": "失敗分を再実行", "Retry": "再試行", "Reverse": "逆順", "Servers": "サーバー", "Sort": "並べ替え",
                        "Status": "状況", "Top": "先頭", "Up": "上へ"]
        return japanese[name] ?? name
    }

    public func state(_ state: JobState) -> String { stateWord(state.rawValue) }
    public func state(_ state: JobChain.State) -> String { stateWord(state.rawValue) }
    public func state(_ state: ProcessState) -> String { stateWord(state.rawValue) }

    /// The words for job, server and process states, by their stable names (shared, so one word serves them all).
    private func stateWord(_ raw: String) -> String {
        guard language == .ja else { return raw }
        let japanese = ["scheduled": "予約済み", "pending": "待機中", "running": "実行中", "waiting-for-action": "対応待ち",
                        "completed": "完了", "completed-with-errors": "完了（エラーあり）", "cancelled": "取消済み",
                        "succeeded": "成功", "failed": "失敗", "skipped": "省略"]
        return japanese[raw] ?? raw
    }

    /// A process of a server's chain.
    public func processKind(_ kind: ProcessKind) -> String { DomainWords.process(kind, language) }

    /// A refusal from the services without its fix. Their reasons are English (as on the command line);
    /// Japanese users get what kind of refusal it is in Japanese first.
    func refusal(_ status: ExitStatus, _ message: String) -> String {
        guard language == .ja else { return message }
        let kind: String
        switch status {
        case .notPermitted: kind = "権限がありません"
        case .badArguments: kind = "実行できません"
        case .conflict: kind = "ほかの処理と競合しました"
        default: kind = "失敗しました"
        }
        return "\(kind): \(message)"
    }

    /// Patchbay's required / recommended split.
    public func policy(_ policy: PatchPolicy) -> String { DomainWords.policy(policy, language) }

    /// An MSRC severity, with the names Microsoft's Japanese bulletins use.
    public func severity(_ raw: String) -> String {
        guard language == .ja else { return raw }
        return ["Critical": "緊急", "Important": "重要", "Moderate": "警告", "Low": "注意", "Unspecified": "指定なし"][raw] ?? raw
    }

    /// How long until a scheduled job starts: "in 3h20m".
    public func startsIn(_ duration: String) -> String { t("in \(duration)", "\(duration) 後") }
    public var startsAt: String { t("starts", "開始") }
    public var asksFirst: String { t("(asks first)", "（確認あり）") }

    /// "job 3 on WEB01", "ジョブ 3（WEB01）": a job, or one server's part of it.
    private func jobName(_ id: Int64, _ server: String?) -> String {
        t("job \(id)\(server.map { " on \($0)" } ?? "")", "ジョブ \(id)\(server.map { "（\($0)）" } ?? "")")
    }

    /// A job action as the monitor's binding table labels it ("retry" → "Retry"), for `action(_:)`.
    private func actionLabel(_ action: JobChain.Action) -> String {
        switch action {
        case .retry: return "Retry"
        case .cancel: return "Cancel"
        case .continue: return "Continue"
        }
    }

    /// The question a dangerous monitor action asks before it is sent.
    public func confirmPrompt(_ effect: JobMonitorScreen.Effect) -> String {
        switch effect {
        case .act(let id, let name, let server):
            return t("\(actionLabel(name)) \(jobName(id, server))?", "\(jobName(id, server))を\(action(actionLabel(name)))しますか？")
        case .rerun(let id):
            return t("Run job \(id)'s failed servers again as a new job?", "ジョブ \(id) の失敗分を新しいジョブで再実行しますか？")
        case .back, .quit:
            return ""
        }
    }

    /// The monitor's line after retry / cancel / continue / re-run.
    public func jobActionResult(_ result: JobActionResult) -> String {
        switch result {
        case .acted(let id, let server, let name, let jobState):
            return t("\(jobName(id, server)): \(name.rawValue) done; the job is \(jobState.rawValue)",
                     "\(jobName(id, server)): \(action(actionLabel(name)))を受け付けました。ジョブの状態: \(state(jobState))")
        case .rerun(let id, let newID):
            return t("job \(id): its failed servers run again as job \(newID)", "ジョブ \(id): 失敗したサーバーをジョブ \(newID) として再実行します")
        case .refused(let refusal):
            return self.refusal(refusal)
        }
    }

    /// Why the wizard stops, in the user's language.
    public func wizardMessage(_ problem: WizardProblem) -> String {
        switch problem {
        case .noServerChosen: return t("choose at least one server (Space)", "サーバーを1台以上選んでください (Space)")
        case .noPatchChosen: return t("choose at least one patch (Space, or a for all)", "パッチを1件以上選んでください (Space、a で全選択)")
        case .timeFormat: return t("write the time as YYYY-MM-DD HH:MM", "日時は YYYY-MM-DD HH:MM で入力してください")
        case .timeInPast: return t("the time must be in the future", "未来の日時を指定してください")
        case .timeSkipped(let zone):
            return t("that time does not exist in \(zone): the clocks go forward then", "その時刻は \(zone) には存在しません（夏時間で時計が進みます）")
        case .refused(let refusal): return self.refusal(refusal)
        }
    }

    /// The patch list's column headings.
    public func column(_ name: String) -> String {
        let ja = ["kb": "KB", "severity": "重要度", "policy": "区分", "needed": "未適用", "released": "公開日", "classification": "分類",
                  "products": "製品", "title": "タイトル"]
        return language == .ja ? ja[name] ?? name.uppercased() : name.uppercased()
    }

    /// The monitor's headings: id, state, servers, elapsed, owner, patches.
    public var jobColumns: [String] {
        language == .ja ? ["ID", "状態", "サーバー", "経過", "所有者", "パッチ"] : ["ID", "STATE", "SERVERS", "ELAPSED", "OWNER", "PATCHES"]
    }
    public var approvedNeeded: String { t("approved, needed", "承認済・未適用") }
    public var readingFigures: String { t("Reading…", "読み込み中…") }
    /// When the lists' data was read from the CMDB (UTC, as every time the console shows).
    public func dataRead(_ at: Date) -> String { t("read \(UTCTime.clock(at))", "取得 \(UTCTime.clock(at))") }
    public var lastChanges: String { t("Last changes", "最近の変更") }
    /// Who saw a state: "discovery" or "job 12".
    public func stateSource(_ source: String) -> String {
        guard language == .ja else { return source }
        if source == "discovery" { return "検出" }
        if source.hasPrefix("job ") { return "ジョブ " + source.dropFirst(4) }
        return source
    }
    public var noChanges: String { t("none recorded yet", "記録なし") }
    public var readingStatus: String { t("Reading the patch status…", "パッチの状態を読み込み中…") }
}

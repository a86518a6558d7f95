import PatchbayCore

extension ConsoleStrings {
    /// A refusal with its fix in the console's words: the screens and keys that get the user on.
    public func refusal(_ refusal: Refusal) -> String {
        let text = self.refusal(refusal.status, refusal.message)
        guard let remedy = refusal.remedy else { return text }
        return "\(text) — \(t("fix", "対処")): \(self.remedy(remedy))"
    }

    /// What to do, as the console offers it. Advice is the services' own (English) sentence.
    public func remedy(_ remedy: Remedy) -> String {
        switch remedy {
        case .advice(let text): return text
        case .see(let listing): return see(listing)
        case .seeTenantsOrUse(let name): return t("choose a tenant from the status view (v), or '\(name)'",
                                                  "状況画面 (v) のテナントか '\(name)' を選んでください")
        case .useOrAddTenant(let name): return t("choose a tenant from the status view (v); an administrator can add '\(name)'",
                                                 "状況画面 (v) のテナントを選んでください。'\(name)' の追加は管理者に依頼してください")
        case .useExistingUserIDs: return t("name users an administrator has registered", "管理者が登録したユーザーを指定してください")
        case .showJob(_, .servers): return t("open the job in the job monitor (m, Enter) to see its servers",
                                             "ジョブモニター (m) で Enter を押し、サーバーを確認してください")
        case .showJob(_, .state): return t("see the job's state in the job monitor (m)", "ジョブモニター (m) でジョブの状態を確認してください")
        case .fillIn: return t("fill in the name", "名前を入力してください")
        case .add: return t("choose a tenant", "テナントを選んでください")
        case .leaveOutTenantOrChooseDualAdmin: return t("leave the tenant empty, or choose the dual-role admin",
                                                         "テナントを空にするか、兼任管理者を選んでください")
        case .nameJobOwner: return t("log in as the user the job runs for", "ジョブを実行するユーザーでログインしてください")
        case .laterStartOrNow: return t("go back (←) to step 4 and give a later time, or choose Now",
                                        "← で手順4に戻り、より後の日時を入力するか「今すぐ」を選んでください")
        case .leaveOutNotNeeded: return t("go back (←) and leave out those patches or servers; the server list (Tab) shows what each needs",
                                          "← で戻り、そのパッチまたはサーバーを外してください。サーバー一覧 (Tab) で必要なパッチを確認できます")
        case .knownPatchOrRefresh: return t("choose a patch from the patch list; ask an infrastructure admin to refresh the patch information",
                                            "パッチ一覧から選んでください。パッチ情報の更新はインフラ管理者に依頼してください")
        case .chooseAnotherOrUpdate: return t("choose another name", "別の名前を選んでください")
        case .reassignServers: return t("ask an administrator to give those servers another owner first",
                                        "先にそのサーバーの所有者の変更を管理者に依頼してください")
        case .emptyTenant: return t("ask an administrator to move or delete its users and servers first",
                                    "先にユーザーとサーバーの移動または削除を管理者に依頼してください")
        case .logInAgain: return t("log in again; an administrator can say what changed", "再度ログインしてください。変更内容は管理者に確認してください")
        }
    }

    private func see(_ listing: Remedy.Listing) -> String {
        switch listing {
        case .tenants: return t("see the tenants in the status view (v)", "状況画面 (v) でテナントを確認してください")
        case .users: return t("ask an administrator for the user's id", "ユーザーIDは管理者に確認してください")
        case .servers: return t("choose a server from the server list (Tab)", "サーバー一覧 (Tab) から選んでください")
        case .jobs: return t("choose a job from the job monitor (m)", "ジョブモニター (m) から選んでください")
        case .deadMail: return t("ask an administrator to look at the undelivered mail", "未配信メールの確認は管理者に依頼してください")
        }
    }
}

import PatchbayCore

/// Every word the console shows, in English and Japanese.
public struct ConsoleStrings: Sendable, Hashable {
    public let language: Language

    public init(_ language: Language) {
        self.language = language
    }

    private func t(_ en: String, _ ja: String) -> String { language == .ja ? ja : en }

    public var login: String { t("Log in", "ログイン") }
    public var userID: String { t("User ID", "ユーザーID") }
    public var password: String { t("Password", "パスワード") }
    public var loggingIn: String { t("Checking…", "確認中…") }
    public var loginRefused: String { t("Login refused: wrong user ID or password, or the account is locked for now.",
                                        "ログインできません: ユーザーIDかパスワードが違うか、アカウントが一時的にロックされています。") }
    public var patches: String { t("Patches", "パッチ") }
    public var filter: String { t("Filter", "絞り込み") }
    public var sort: String { t("Sort", "並べ替え") }
    public var quit: String { t("Quit", "終了") }
    public var next: String { t("Next", "次へ") }
    public var help: String { t("Help", "ヘルプ") }
    public var back: String { t("Back", "戻る") }
    public var needed: String { t("NEEDED", "未適用") }
    public var noPatches: String { t("No approved patch matches.", "該当する承認済みパッチはありません。") }
    public func shown(_ count: Int, of total: Int) -> String { t("\(count) of \(total) patches", "\(total) 件中 \(count) 件") }
    public var tooSmall: String { t("The window is too small: Patchbay needs at least 80×24.", "ウィンドウが小さすぎます: 80×24 以上が必要です。") }
}

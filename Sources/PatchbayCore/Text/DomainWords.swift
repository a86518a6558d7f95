/// The words for domain values in each language, shared by every front that speaks to people (the console,
/// the mails), so a screen and a mail name a process or a policy the same way. English uses the CLI's names.
public enum DomainWords {
    public static func process(_ kind: ProcessKind, _ language: Language) -> String {
        guard language == .ja else { return kind.rawValue }
        switch kind {
        case .scheduleStandby: return "開始待ち"
        case .operationCheck: return "稼働確認"
        case .preScript: return "事前スクリプト"
        case .patchApplication: return "パッチ適用"
        case .reboot: return "再起動"
        case .postScript: return "事後スクリプト"
        case .verification: return "適用確認"
        }
    }

    public static func policy(_ policy: PatchPolicy, _ language: Language) -> String {
        switch (policy, language) {
        case (_, .en): return policy.rawValue
        case (.required, .ja): return "必須"
        case (.recommended, .ja): return "推奨"
        }
    }
}

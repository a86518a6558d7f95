/// Windows Update Agent result codes (HRESULTs) with what they mean for an operator and what to do next, in
/// English and Japanese. Agents report the code; people see the explanation next to it. The table itself is
/// in WindowsUpdateCodes.swift.
public enum WindowsUpdateResult {
    public struct Explanation: Sendable, Hashable {
        public var code: UInt32
        public var name: String
        /// What the code means, a lower-case English phrase.
        public var meaning: String
        /// What an operator does next, in English sentences.
        public var action: String
        public var meaningJA: String
        public var actionJA: String

        public func meaning(_ language: Language) -> String {
            switch language {
            case .en: return meaning
            case .ja: return meaningJA
            }
        }

        public func action(_ language: Language) -> String {
            switch language {
            case .en: return action
            case .ja: return actionJA
            }
        }
    }

    /// Code → row, built once from `entries` (the first row wins should a code ever appear twice).
    static let table: [UInt32: Entry] = Dictionary(entries.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    /// Every code the table describes, by code.
    public static var all: [Explanation] {
        entries.sorted { $0.code < $1.code }.map(explanation)
    }

    /// The explanation for `code`, or a generic one that still shows the code.
    public static func explain(_ code: UInt32) -> Explanation {
        if let entry = table[code] { return explanation(entry) }
        return Explanation(
            code: code, name: "unknown",
            meaning: "Windows Update reported an error this table does not describe",
            action: "Search for the code in Microsoft's documentation and read the server's Windows Update log (Get-WindowsUpdateLog), then retry the job.",
            meaningJA: "この表にない Windows Update のエラーが報告されました",
            actionJA: "Microsoft のドキュメントでこのコードを検索し、サーバーの Windows Update ログ (Get-WindowsUpdateLog) を確認してから、ジョブを再実行してください。")
    }

    /// "0x80070643 ERROR_INSTALL_FAILURE: a fatal error occurred during installation. See …"
    public static func describe(_ code: UInt32) -> String {
        describe(code, language: .en)
    }

    /// The code, its name, what it means and what to do, in `language`.
    public static func describe(_ code: UInt32, language: Language) -> String {
        let explanation = explain(code)
        let stop = language == .ja ? "。" : ". "
        return "\(hex(code)) \(explanation.name): \(explanation.meaning(language))\(stop)\(explanation.action(language))"
    }

    /// Each distinct HRESULT written as 0x and eight hex digits in `text` (a process's message), explained in
    /// `language`: how a front shows an English message's codes to a Japanese reader.
    public static func explanations(in text: String, language: Language) -> [String] {
        var seen: Set<UInt32> = []
        var lines: [String] = []
        for match in text.matches(of: /0x[0-9A-Fa-f]{8}/) {
            guard let code = parse(String(match.output)), seen.insert(code).inserted else { continue }
            lines.append(describe(code, language: language))
        }
        return lines
    }

    public static func hex(_ code: UInt32) -> String {
        "0x" + String(code, radix: 16, uppercase: true).leftPadded(to: 8)
    }

    /// Reads "0x80070643", "80070643" or a signed decimal (-2147023293).
    public static func parse(_ text: String) -> UInt32? {
        let trimmed = text.lowercased().hasPrefix("0x") ? String(text.dropFirst(2)) : text
        if let value = UInt32(trimmed, radix: 16), trimmed.count == 8 { return value }
        if let signed = Int32(text) { return UInt32(bitPattern: signed) }
        return nil
    }

    private static func explanation(_ entry: Entry) -> Explanation {
        Explanation(code: entry.code, name: entry.name, meaning: entry.meaning, action: entry.action,
                    meaningJA: entry.meaningJA, actionJA: entry.actionJA)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

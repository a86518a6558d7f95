/// The shapes WSUS gives an update's identifiers. A value of any other shape never reaches the CMDB, a
/// search criterion or the agent script: WSUS rows are input from another machine, and a KB number that
/// holds a quote would end a PowerShell string on the Windows server and run the rest as code.
public enum UpdateIdentifiers {
    /// An UpdateID: 32 hexadecimal digits in the groups 8-4-4-4-12 ("5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"), either case.
    public static func isGUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.utf8.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.utf8.allSatisfy(isHexDigit) }
    }

    /// A KB article as WSUS stores it: its digits only ("5033118"), at most ten of them.
    public static func isKBNumber(_ text: String) -> Bool {
        (1...10).contains(text.utf8.count) && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// How a job names an update to the agent (`PatchRecord.displayKB`): "KB" and the digits, or the
    /// update's own id when WSUS names no KB.
    public static func isDisplayKB(_ text: String, updateID: String) -> Bool {
        text.hasPrefix("KB") ? isKBNumber(String(text.dropFirst(2))) : (text == updateID && isGUID(text))
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}

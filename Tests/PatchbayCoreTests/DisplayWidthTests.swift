import PatchbayCore
import Testing

@Suite("Display width")
struct DisplayWidthTests {
    @Test("ASCII is one column, CJK and fullwidth two, combining marks none")
    func widths() {
        #expect(DisplayWidth.of("patch") == 5)
        #expect(DisplayWidth.of("パッチ") == 6)
        #expect(DisplayWidth.of("株式会社") == 8)
        #expect(DisplayWidth.of("ＡＢ") == 4)
        #expect(DisplayWidth.of("e\u{0301}") == 1)
        #expect(DisplayWidth.of("한국") == 4)
    }

    @Test("truncation never exceeds the width, even with wide characters")
    func truncation() {
        #expect(DisplayWidth.truncate("グローベックス", to: 6) == "グロ…")
        #expect(DisplayWidth.of(DisplayWidth.truncate("グローベックス", to: 6)) <= 6)
        #expect(DisplayWidth.truncate("short", to: 10) == "short")
        #expect(DisplayWidth.truncate("abcdefgh", to: 5) == "abcd…")
    }

    @Test("padding counts columns, not characters")
    func padding() {
        #expect(DisplayWidth.pad("日本", to: 6) == "日本  ")
        #expect(DisplayWidth.pad("abc", to: 2) == "abc")
    }
}

@Suite("Display width: wrapping")
struct DisplayWidthWrapTests {
    @Test("wraps at spaces within the width, breaks words longer than a line, and counts Japanese as two columns")
    func wrap() {
        #expect(DisplayWidth.wrap("Install this update to resolve issues in Windows", width: 20)
                == ["Install this update", "to resolve issues in", "Windows"])
        #expect(DisplayWidth.wrap("https://support.microsoft.com/help/5033383", width: 16)
                == ["https://support.", "microsoft.com/he", "lp/5033383"])
        #expect(DisplayWidth.wrap("セキュリティ更新プログラム", width: 10) == ["セキュリテ", "ィ更新プロ", "グラム"])
        #expect(DisplayWidth.wrap("a\n\nb", width: 5) == ["a", "", "b"])
        #expect(DisplayWidth.wrap("", width: 5).isEmpty)
    }

    @Test("Japanese after an English word runs on from the same line, and no line starts with a closing mark")
    func japaneseRunsOn() {
        #expect(DisplayWidth.wrap("Space でスクリプトを選択。", width: 16) == ["Space でスクリプ", "トを選択。"])
        #expect(DisplayWidth.wrap("確認してください。", width: 16) == ["確認してくださ", "い。"], "。 takes い with it")
        #expect(DisplayWidth.wrap("Enter creates the job", width: 10) == ["Enter", "creates", "the job"], "English still breaks at spaces only")
    }
}

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

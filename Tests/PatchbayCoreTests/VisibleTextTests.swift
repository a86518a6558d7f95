import PatchbayCore
import Testing

@Suite("VisibleText: what a terminal could act on is shown, not sent")
struct VisibleTextTests {
    @Test("window title, clipboard, clear screen, C1 CSI, DEL and bidi overrides become visible escapes")
    func escapes() {
        #expect(VisibleText.escaped("\u{1B}]0;pwned\u{07}") == #"\u{1B}]0;pwned\u{7}"#)
        #expect(VisibleText.escaped("\u{1B}]52;c;aGk=\u{1B}\\") == #"\u{1B}]52;c;aGk=\u{1B}\"#)
        #expect(VisibleText.escaped("a\u{1B}[2Jb") == #"a\u{1B}[2Jb"#)
        #expect(VisibleText.escaped("\u{9B}31m\u{7F}\u{85}") == #"\u{9B}31m\u{7F}\u{85}"#)
        #expect(VisibleText.escaped("abc\u{202E}fed\u{2066}\u{061C}\u{200F}") == #"abc\u{202E}fed\u{2066}\u{61C}\u{200F}"#)
        #expect(VisibleText.escaped("line\r\nnext\tx\u{2028}") == #"line\u{D}\u{A}next\u{9}x\u{2028}"#)
    }

    @Test("ordinary text, Japanese and emoji pass unchanged; a page keeps its own line feeds")
    func keeps() {
        for text in ["Security Update for Windows Server 2022 (KB5033118)", "月例の更新プログラム", "👍🏽 ok", "path C:\\Windows"] {
            #expect(VisibleText.escaped(text) == text)
        }
        #expect(VisibleText.page("one\ntwo\u{1B}[2J\n") == "one\ntwo\\u{1B}[2J\n")
        #expect(VisibleText.escaped(VisibleText.escaped("\u{1B}x")) == VisibleText.escaped("\u{1B}x"), "escaping twice changes nothing")
    }

    @Test("CSV for spreadsheets: a cell that starts a formula gets a leading quote; other cells are kept")
    func formulas() {
        #expect(CSV.spreadsheetLine(["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "a=b", "KB5033118"])
                == "'=1+2,'+cmd,'-2+3,'@SUM(A1),'\tx,\"'\rx\",a=b,KB5033118")
        #expect(CSV.spreadsheetLine(["=HYPERLINK(\"http://x\",\"y\")"]) == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")
        #expect(CSV.spreadsheetLine(["", "\u{1B}[2J"]) == ",\u{1B}[2J", "CSV keeps the text itself")
    }
}

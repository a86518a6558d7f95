import Console
import Foundation
import PatchbayCore
import Testing

@Suite("Console: patch list")
struct PatchListScreenTests {
    static func rows(_ count: Int) -> [PatchRow] {
        let severities = ["Critical", "Important", "Moderate", "Low"]
        return (0..<count).map { (index: Int) -> PatchRow in
            let security = index % 2 == 0
            let title = security ? "Security Update for Windows Server 2022" : "Cumulative Update for .NET Framework"
            let released = Date(timeIntervalSince1970: 1_700_000_000 + Double(index) * 86_400)
            return PatchRow(kb: "KB\(5_000_000 + index)", title: title, classification: security ? "Security Updates" : "Updates",
                            severity: severities[index % 4], policy: security ? .required : .recommended, released: released,
                            products: "Windows Server 2022", needed: index % 7, updateID: "id-\(index)")
        }
    }

    @Test("/ filters as you type; Esc leaves the filter; the footer shows it")
    func filter() {
        var state = PatchListScreen(rows: Self.rows(10))
        state = PatchListScreen.update(state, .character("/"), pageHeight: 19).0
        for c in ".net" { state = PatchListScreen.update(state, .character(c), pageHeight: 19).0 }
        #expect(state.visible.count == 5)
        #expect(state.visible.allSatisfy { state.rows[$0].title.contains(".NET") })
        state = PatchListScreen.update(state, .enter, pageHeight: 19).0
        let canvas = PatchListScreen.render(state, strings: ConsoleStrings(.en), user: "acme-user", width: 100, height: 24)
        #expect(canvas.text.contains("5 of 10 patches"))
        #expect(canvas.text.split(separator: "\n").last?.hasPrefix(" /.net") == true)
        state = PatchListScreen.update(state, .escape, pageHeight: 19).0
        #expect(state.visible.count == 10)
    }

    @Test("in Japanese, severity and required/recommended show in Japanese, and the filter finds rows by those words too")
    func japaneseWords() {
        let strings = ConsoleStrings(.ja)
        var state = PatchListScreen(rows: Self.rows(8), strings: strings)
        let text = PatchListScreen.render(state, strings: strings, user: "globex-user", width: 100, height: 24).text
        #expect(text.contains("緊急") && text.contains("重要") && text.contains("必須") && text.contains("推奨") && !text.contains("Critical"), "\(text)")
        state = PatchListScreen.update(state, .character("/"), pageHeight: 19).0
        for c in "緊急" { state = PatchListScreen.update(state, .character(c), pageHeight: 19).0 }
        #expect(state.visible.count == 2 && state.visible.allSatisfy { state.rows[$0].severity == "Critical" })
        var english = PatchListScreen(rows: Self.rows(8))
        english = PatchListScreen.update(english, .character("/"), pageHeight: 19).0
        for c in "緊急" { english = PatchListScreen.update(english, .character(c), pageHeight: 19).0 }
        #expect(english.visible.isEmpty, "an English user's index holds the English words only")
    }

    @Test("s sorts by the next column and r reverses; j/k and ↓/↑ move the selection, which stays on screen")
    func sortAndMove() {
        var state = PatchListScreen(rows: Self.rows(40))
        #expect(state.sort == .needed && state.rows[state.visible[0]].needed == 6, "most needed first")
        state = PatchListScreen.update(state, .character("s"), pageHeight: 10).0
        #expect(state.sort == .released)
        state = PatchListScreen.update(state, .character("r"), pageHeight: 10).0
        #expect(state.rows[state.visible[0]].kb == "KB5000000", "oldest first after reversing")
        for _ in 0..<15 { state = PatchListScreen.update(state, .character("j"), pageHeight: 10).0 }
        #expect(state.selected == 15 && state.top == 6)
        state = PatchListScreen.update(state, .up, pageHeight: 10).0
        #expect(state.selected == 14)
        #expect(PatchListScreen.update(state, .character("q"), pageHeight: 10).1 == .quit)
    }

    @Test("the first screen of the list, as text (golden)")
    func golden() {
        let state = PatchListScreen(rows: Array(Self.rows(3)))
        let canvas = PatchListScreen.render(state, strings: ConsoleStrings(.en), user: "acme-user", width: 80, height: 8)
        let expected = """
             Patchbay — Patches                                   acme-user  3 of 3 patches

             KB        SEVERITY  POLICY      NEEDED▼ RELEASED   TITLE
             KB5000002 Moderate  required    2       2023-11-16 Windows Server 2022 · Securi
             KB5000001 Important recommended 1       2023-11-15 .NET Framework · Cumulative
             KB5000000 Critical  required    0       2023-11-14 Windows Server 2022 · Securi

             / Filter  p Presets  d Details  Tab Servers  a Apply  m Jobs  ? Help  q Quit
            """
        #expect(canvas.text == expected)
    }

    @Test("a title too long for its column leads with the product; one that fits, or a wide screen, shows it whole")
    func titlesLeadWithTheProduct() {
        var rows = Self.rows(2)
        rows[0].title = "2023-12 Security Update for Windows Server 2022 (KB5033118)"
        rows[1].title = "2023-12 Security Hotpatch Update for Windows Server 2022 (KB5033464)"
        let state = PatchListScreen(rows: rows)
        let narrow = PatchListScreen.render(state, strings: ConsoleStrings(.en), user: "u", width: 80, height: 8).text
        #expect(narrow.contains("Windows Server 2022 · Securi") && !narrow.contains("2023-12 Security"), "\(narrow)")
        let wide = PatchListScreen.render(state, strings: ConsoleStrings(.en), user: "u", width: 200, height: 8).text
        #expect(wide.contains("2023-12 Security Hotpatch Update for Windows Server 2022 (KB5033464)"))
    }

    @Test("one mode at a time: while filtering ? is text, while picking it opens no help, and any key leaves help")
    func oneModeAtATime() {
        var state = PatchListScreen(rows: Self.rows(5))
        state = PatchListScreen.update(state, .character("/"), pageHeight: 19).0
        state = PatchListScreen.update(state, .character("?"), pageHeight: 19).0
        #expect(state.mode == .filtering && state.filter == "?")
        state = PatchListScreen.update(state, .escape, pageHeight: 19).0
        state = PatchListScreen.update(state, .character("p"), pageHeight: 19).0
        state = PatchListScreen.update(state, .character("?"), pageHeight: 19).0
        #expect(state.mode == .picking)
        state = PatchListScreen.update(state, .escape, pageHeight: 19).0
        state = PatchListScreen.update(state, .character("?"), pageHeight: 19).0
        #expect(state.mode == .help)
        state = PatchListScreen.update(state, .character("j"), pageHeight: 19).0
        #expect(state.mode == .browsing && state.selected == 0, "the key that leaves help does nothing else")
    }

    @Test("100,000 patches: filtering keeps only the matches")
    func large() {
        var state = PatchListScreen(rows: Self.rows(100_000))
        state = PatchListScreen.update(state, .character("/"), pageHeight: 19).0
        for c in "kb50999" { state = PatchListScreen.update(state, .character(c), pageHeight: 19).0 }
        #expect(state.visible.count == 100)
    }

    @Test("typing narrows in the sorted order, any case and Japanese; Backspace gives back exactly the earlier list; the result equals a plain search")
    func narrowingMatchesPlainSearch() {
        var rows = Self.rows(3_000)
        rows[7].title = "セキュリティ更新プログラム for Windows"
        var state = PatchListScreen(rows: rows)
        state = PatchListScreen.update(state, .character("s"), pageHeight: 19).0
        state = PatchListScreen.update(state, .character("/"), pageHeight: 19).0
        var history: [[Int]] = [state.visible]
        for c in "SECURITY update for" {
            state = PatchListScreen.update(state, .character(c), pageHeight: 19).0
            history.append(state.visible)
            let plain = state.rows.indices.filter {
                "\(rows[$0].kb) \(rows[$0].title) \(rows[$0].classification) \(rows[$0].severity) \(rows[$0].products)".lowercased()
                    .contains(state.filter.lowercased())
            }
            #expect(Set(state.visible) == Set(plain), "filter '\(state.filter)'")
            #expect(state.visible == state.visible.sorted { (rows[$0].released ?? .distantPast, rows[$0].kb) > (rows[$1].released ?? .distantPast, rows[$1].kb) },
                    "still in the chosen order")
        }
        #expect(state.visible.count == 1_500)
        for expected in history.dropLast().reversed() {
            state = PatchListScreen.update(state, .backspace, pageHeight: 19).0
            #expect(state.visible == expected)
        }
        #expect(state.filter.isEmpty && state.visible.count == 3_000)
        for c in "更新" { state = PatchListScreen.update(state, .character(c), pageHeight: 19).0 }
        #expect(state.visible.map { state.rows[$0].kb } == ["KB5000007"])
    }

    @Test("? shows every binding of the table, hidden ones included; any key goes back")
    func help() {
        var state = PatchListScreen(rows: Self.rows(3))
        state = PatchListScreen.update(state, .character("?"), pageHeight: 19).0
        let canvas = PatchListScreen.render(state, strings: ConsoleStrings(.en), user: "u", width: 80, height: 24)
        for binding in PatchListScreen.bindings {
            #expect(canvas.text.contains(binding.label), "\(binding.label) is listed")
        }
        #expect(canvas.text.contains("↓ j") && canvas.text.contains("Down") && canvas.text.contains("Press any key to go back"))
        state = PatchListScreen.update(state, .character("x"), pageHeight: 19).0
        #expect(!state.showingHelp)
    }

    @Test("wide terminals add the classification (100 columns) and the products (150 columns)")
    func wideColumns() {
        let state = PatchListScreen(rows: Self.rows(2))
        let narrow = PatchListScreen.render(state, strings: ConsoleStrings(.en), user: "u", width: 80, height: 10).text
        let wide = PatchListScreen.render(state, strings: ConsoleStrings(.en), user: "u", width: 160, height: 10).text
        #expect(!narrow.contains("CLASSIFICATION") && !narrow.contains("PRODUCTS"))
        #expect(wide.contains("CLASSIFICATION") && wide.contains("PRODUCTS") && wide.contains("Windows Server 2022"), "\(wide)")
    }
}

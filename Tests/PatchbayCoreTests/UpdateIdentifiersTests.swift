import PatchbayCore
import Testing

@Suite("update identifiers")
struct UpdateIdentifiersTests {
    @Test("WSUS update ids are GUIDs, in either case", arguments: ["5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "5F0C2A1B-3C4D-4E5F-8A9B-0C1D2E3F4A5B"])
    func guid(text: String) {
        #expect(UpdateIdentifiers.isGUID(text))
    }

    @Test("anything else is not an update id", arguments: [
        "", "not-a-guid", "5f0c2a1b3c4d4e5f8a9b0c1d2e3f4a5b", "{5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b}", "5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5g",
        "5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b'", "5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b\n", " 5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
        "5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5", "５f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f’a5b",
    ])
    func notGUID(text: String) {
        #expect(!UpdateIdentifiers.isGUID(text))
    }

    @Test("a KB number is what WSUS stores: digits only")
    func kbNumber() {
        #expect(UpdateIdentifiers.isKBNumber("5033118"))
        #expect(UpdateIdentifiers.isKBNumber("890830"))
        for text in ["", "KB5033118", "5033’;Remove-Item C:\\ -Recurse;’", "5033118 ", "50331l8", "５０３３１１８", "12345678901", "-5033118", "5033118\n"] {
            #expect(!UpdateIdentifiers.isKBNumber(text), "\(text)")
        }
    }

    @Test("a job names an update KB and digits, or by its GUID when it has no KB")
    func displayKB() {
        let id = "5f0c2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"
        #expect(UpdateIdentifiers.isDisplayKB("KB5033118", updateID: id))
        #expect(UpdateIdentifiers.isDisplayKB(id, updateID: id))
        #expect(!UpdateIdentifiers.isDisplayKB("KB5033’;x", updateID: id))
        #expect(!UpdateIdentifiers.isDisplayKB("5033118", updateID: id), "the KB prefix is part of the job's name for it")
        #expect(!UpdateIdentifiers.isDisplayKB("not-a-guid", updateID: "not-a-guid"))
        #expect(!UpdateIdentifiers.isDisplayKB("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", updateID: id), "another update's id")
    }

    @Test("text from WSUS is shown quoted, with terminal escapes and bidirectional overrides written out, and cut when long")
    func untrustedText() {
        #expect(UntrustedText.quoted("KB5033’;x") == "'KB5033’;x'")
        #expect(UntrustedText.quoted("a\u{1B}[2Jb\nc") == "'a\\u{1B}[2Jb\\u{A}c'")
        #expect(UntrustedText.quoted("abc\u{202E}fed") == "'abc\\u{202E}fed'")
        #expect(UntrustedText.quoted(String(repeating: "x", count: 100), width: 10) == "'xxxxxxxxx…'")
    }
}

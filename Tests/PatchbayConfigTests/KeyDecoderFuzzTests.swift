@testable import ConsoleTerminal
import Console
import PatchbayCore
import PropertyBased
import Testing
import TestSupport

/// The console's key decoder on every kind of input get_wch can hand it.
@Suite("Key decoder, fuzzed")
struct KeyDecoderFuzzTests {
    @Test("any character code decodes to a key or to nothing; typed text never holds a character a terminal acts on")
    func characters() async {
        await propertyCheck(count: FuzzScale.cases(5_000), input: Gen.uint32(in: 0...0x10_FFFF)) { code in
            guard case .character(let character)? = KeyDecoder.key(character: code) else { return }
            #expect(!character.unicodeScalars.contains(where: VisibleText.isUnsafe), "U+\(String(code, radix: 16, uppercase: true))")
        }
        for code: UInt32 in [0x9B, 0x85, 0x1B, 0x7F, 0x202E, 0x2066, 0x0, 0xD800, 0x11_0000, .max] {
            if case .character = KeyDecoder.key(character: code) { Issue.record("U+\(String(code, radix: 16)) became typed text") }
        }
        #expect(KeyDecoder.key(character: 0x3042) == .character("あ") && KeyDecoder.key(character: 13) == .enter)
    }

    @Test("any key code decodes to a key or to nothing")
    func codes() async {
        await propertyCheck(count: FuzzScale.cases(5_000), input: Gen.int32(in: .min ... .max)) { code in
            _ = KeyDecoder.key(code: code)
        }
    }
}

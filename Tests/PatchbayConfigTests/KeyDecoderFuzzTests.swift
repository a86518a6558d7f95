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
        // Half the cases from where the dangerous characters are (C0, DEL and C1, the format block), half from anywhere.
        let ranges: [ClosedRange<UInt32>] = [0...0x20, 0x7F...0xA0, 0x2000...0x206F, 0xFE00...0xFEFF, 0...0x10_FFFF, 0...0x10_FFFF, 0...0x10_FFFF, 0...0x10_FFFF]
        await propertyCheck(count: FuzzScale.cases(5_000), input: Gen.int(in: 0...(ranges.count - 1)), Gen.uint32(in: 0...UInt32.max)) { pick, raw in
            let range = ranges[pick]
            let code = range.lowerBound + raw % (range.upperBound - range.lowerBound + 1)
            guard case .character(let character)? = KeyDecoder.key(character: code) else { return }
            #expect(!character.unicodeScalars.contains(where: VisibleText.isUnsafe), "U+\(String(code, radix: 16, uppercase: true))")
        }
        for code: UInt32 in [0x9B, 0x85, 0x1B, 0x7F, 0x202E, 0x2066, 0x200E, 0x200F, 0x2028, 0x2029, 0x200B, 0xFEFF, 0x0, 0xD800, 0x11_0000, .max] {
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

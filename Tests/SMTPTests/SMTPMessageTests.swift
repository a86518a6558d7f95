import Foundation
@testable import SMTP
import Testing

@Suite("SMTP message rendering")
struct SMTPMessageTests {
    @Test("a long Japanese subject becomes RFC 2047 words of at most 75 characters, each decoding to whole characters")
    func encodedWords() throws {
        let subject = String(repeating: "新しく承認されたパッチ", count: 6)
        let header = SMTPMessage.encodedHeader(subject)
        let words = header.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        var decoded = ""
        for word in words {
            #expect(word.count <= 75 && word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let payload = String(word.dropFirst(10).dropLast(2))
            let data = try #require(Data(base64Encoded: payload))
            decoded += try #require(String(data: data, encoding: .utf8))
        }
        #expect(decoded == subject)
        #expect(SMTPMessage.encodedHeader("Job 12 completed") == "Job 12 completed")
    }

    @Test("lines that start with a dot are doubled and every line ends in CRLF")
    func dotStuffing() {
        #expect(SMTPMessage.dotStuffed(".hidden") == "..hidden")
        #expect(SMTPMessage.dotStuffed("plain") == "plain")
        let rendered = SMTPMessage(from: "a@b.example", to: "c@d.example", subject: "s", body: "x\n", date: Date(timeIntervalSince1970: 0)).rendered()
        #expect(rendered.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"))
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }
}

import Foundation
import Testing
@testable import WSUS

@Suite("WSUS responses are spooled privately")
struct ResponseSpoolTests {
    static func mode(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_mode) & 0o777 : -1
    }

    @Test("the spool is a 0700 folder of its own, its files 0600 and new; the folder goes with the spool")
    func privateFolder() throws {
        var spool: ResponseSpool? = try ResponseSpool()
        let folder = try #require(spool?.folder)
        #expect(Self.mode(folder) == 0o700)
        #expect((folder as NSString).lastPathComponent.hasPrefix("patchbay-wsus-"))
        let (file, path) = try #require(try spool?.newFile())
        fputs("<a/>", file)
        fclose(file)
        #expect(Self.mode(path) == 0o600)
        #expect((path as NSString).deletingLastPathComponent == folder)
        spool = nil
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}

import Foundation
import Testing
import TestSupport

/// Eleven real consoles, each in a pty of its own, press Enter at once on the same user id: ten with wrong
/// passwords and one with the right one (Tests/Interop/parallel_logins.py), with the lockout at 5 in 15.
@Suite("Parallel logins")
struct ParallelLoginEndToEndTests {
    static let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/parallel_logins.py").path

    @Test("eleven parallel logins for one user check at most five passwords; the audit log says which were never checked")
    func elevenAtOnce() throws {
        let home = try DemoHome()
        let passwords = (1...10).map { "wrong-guess-\($0)" } + ["patchbay-demo"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["PATCHBAY_CONFIG=\(home.config)", "python3", Self.driver, "--binary", PatchbayBinary.path,
                             "--user", "acme-user", "--passwords", passwords.joined(separator: ",")]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(String(decoding: data, as: UTF8.self))")
        let consoles = json["consoles"] as? [[String: Any]] ?? []
        #expect(consoles.count == 11, "\(json["error"] as? String ?? "")")
        #expect(consoles.allSatisfy { $0["logged_in"] as? Bool == true || $0["refused"] as? Bool == true },
                "every console answered: \(consoles.map { $0["screen"] ?? "" })")
        let loggedIn = consoles.filter { $0["logged_in"] as? Bool == true }
        #expect(loggedIn.allSatisfy { $0["password_index"] as? Int == 10 }, "only the right password may log in")

        let logins = try sqlite(home.cmdb, "SELECT coalesce(message, 'accepted') FROM audit_log WHERE operation = 'login' ORDER BY id")
        #expect(logins.count == 11, "\(logins)")
        let unchecked = logins.filter { $0.hasPrefix("refused without checking the password: 5 attempts in 15 min") }
        #expect(logins.count - unchecked.count <= 5, "at most five passwords were checked: \(logins)")
        #expect(unchecked.count >= 6)
    }
}

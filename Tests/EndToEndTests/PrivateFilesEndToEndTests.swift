import Foundation
import Testing

/// The files Patchbay makes hold password hashes, every tenant's data and the WSUS password: none of them
/// may be read by group or others, whatever the operator's umask.
@Suite("Private files")
struct PrivateFilesEndToEndTests {
    static func mode(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_mode) & 0o777 : -1
    }

    @Test("the demo home, the CMDB with its -wal and -shm, the scenario and an export are private")
    func demoHome() throws {
        let home = try DemoHome()
        #expect(home.demoOutput.status == 0, "\(home.demoOutput.stderr)")
        let exported = try home.run("patch", "info", "--output", home.folder + "/export.csv", "--format", "csv")
        #expect(exported.status == 0, "\(exported.stderr)")
        // A running daemon keeps the CMDB open, so its -wal and -shm exist (the last connection removes them).
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: PatchbayBinary.path)
        daemon.arguments = ["daemon", "--config", home.config]
        let log = Pipe()
        daemon.standardOutput = log
        daemon.standardError = log
        try daemon.run()
        defer { daemon.terminate(); daemon.waitUntilExit() }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && !FileManager.default.fileExists(atPath: home.cmdb + "-shm") { Thread.sleep(forTimeInterval: 0.1) }
        let files = try FileManager.default.contentsOfDirectory(atPath: home.folder).sorted()
        for name in ["cmdb.sqlite", "cmdb.sqlite-wal", "cmdb.sqlite-shm", "scenario.yaml", "servers.csv", "wsus01.password", "patchbay.yaml", "export.csv"] {
            #expect(files.contains(name), "\(files)")
        }
        for name in files {
            #expect(Self.mode(home.folder + "/" + name) & 0o077 == 0, "\(name) is mode \(String(Self.mode(home.folder + "/" + name), radix: 8))")
        }
        #expect(Self.mode(home.folder) & 0o077 == 0)
        #expect(!exported.stderr.contains("warning"))
    }

    @Test("an existing CMDB that others may read is named at start, with the fix")
    func readableCMDB() throws {
        let home = try DemoHome()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: home.cmdb)
        let listed = try home.run("tenant", "list")
        #expect(listed.status == 0)
        #expect(listed.stderr.contains("patchbay: warning: the CMDB is readable by others: \(home.cmdb) (mode 644)"), "\(listed.stderr)")
        #expect(listed.stderr.contains("Fix: chmod 600 \(home.cmdb)"))
    }
}

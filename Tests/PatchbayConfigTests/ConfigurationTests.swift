import Foundation
import PatchbayConfig
import PatchbayCore
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    /// A real folder for the config file and its secret files.
    final class Folder {
        let path: String
        init() throws {
            path = NSTemporaryDirectory() + "patchbay-config-tests-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        @discardableResult
        func write(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
            let file = path + "/" + name
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
            return file
        }
    }

    func failure(_ body: () throws -> Void) -> PatchbayError? {
        do {
            try body()
            return nil
        } catch let error as PatchbayError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test("a full configuration is read with paths made absolute and defaults filled in")
    func full() throws {
        let folder = try Folder()
        try folder.write("wsus01.password", "secret\n")
        try folder.write("smtp.password", "secret\n")
        let path = try folder.write("patchbay.yaml", """
            cmdb:
              sqlite: data/cmdb.sqlite
            wsus:
              - name: wsus01
                url: https://wsus01.corp.example:8531
                username: CORP\\svc-patchbay
                password_file: wsus01.password
                schedule: "0 */2 * * *"
              - name: wsus02
                url: http://wsus02.corp.example:8530
                username: svc
                password_file: wsus01.password
                auth: negotiate
                timeout_seconds: 600
                connections: 8
            smtp:
              host: smtp.corp.example
              security: tls
              username: patchbay
              password_file: smtp.password
              from: patchbay@corp.example
            schedules:
              discovery: "15 * * * *"
            ui:
              theme: dark
              language: ja
              lockout: {attempts: 3, minutes: 30}
            """, mode: 0o644)
        let configuration = try ConfigurationLoader.load(path: path)
        #expect(configuration.cmdb == .sqlite(path: folder.path + "/data/cmdb.sqlite"))
        #expect(configuration.wsus.map(\.name) == ["wsus01", "wsus02"])
        #expect(configuration.wsus[0].authentication == .ntlm)
        #expect(configuration.wsus[0].timeoutSeconds == 300)
        #expect(configuration.wsus[0].passwordFile == folder.path + "/wsus01.password")
        #expect(configuration.wsus[0].schedule?.description == "0 */2 * * *")
        #expect(configuration.wsus[1].authentication == .negotiate)
        #expect(configuration.wsus.map(\.connections) == [4, 8], "four connections unless told otherwise")
        #expect(configuration.smtp?.port == 465)
        #expect(configuration.smtp?.security == .tls)
        #expect(configuration.schedules.discovery?.description == "15 * * * *")
        #expect(configuration.ui.theme == "dark")
        #expect(configuration.ui.language == .ja)
        #expect(configuration.ui.lockoutAttempts == 3 && configuration.ui.lockoutMinutes == 30)
        #expect(configuration.ui.staleAfterDays == 7)
    }

    @Test("an unknown key is reported with its line, column and a suggestion; exit 10")
    func unknownKey() throws {
        let folder = try Folder()
        let path = try folder.write("patchbay.yaml", "cmdb:\n  sqlite: cmdb.sqlite\nui:\n  them: dark\n")
        let error = failure { _ = try ConfigurationLoader.load(path: path) }
        #expect(error?.status == .badArguments)
        #expect(error?.message.contains("line 4, column 3") == true)
        #expect(error?.message.contains("unknown key 'them'") == true)
        #expect(error?.message.contains("Did you mean 'theme'?") == true)
        #expect(error?.message.contains("(ui.them)") == true)
    }

    @Test("a wrong value names its key path and line", arguments: [
        ("cmdb:\n  sqlite: c.sqlite\nui:\n  lockout:\n    attempts: many\n", "ui.lockout.attempts", "line 5"),
        ("cmdb:\n  sqlite: c.sqlite\nschedules:\n  discovery: \"61 * * * *\"\n", "schedules.discovery", "line 4"),
        ("cmdb:\n  sqlite: c.sqlite\nui:\n  language: fr\n", "ui.language", "line 4"),
        ("cmdb:\n  sqlite: c.sqlite\nui:\n  themes_dir: no-such-folder\n", "ui.themes_dir", "line 4"),
        ("cmdb:\n  sqlite: c.sqlite\nwsus:\n  - name: w\n    url: ftp://w.example\n    username: u\n    password_file: p\n", "wsus[0].url", "line 5"),
        ("cmdb:\n  sqlite: c.sqlite\ndaemon:\n  host_id: \"mgmt:01\"\n", "daemon.host_id", "line 4"),
        ("cmdb:\n  sqlite: c.sqlite\nwsus:\n  - name: w\n    url: http://w.example\n    username: u\n    password_file: p\n    connections: 40\n",
         "wsus[0].connections", "line 8"),
        ("cmdb:\n  sqlite: c.sqlite\ndaemon:\n  host_id: \"\\e[31mmgmt01\"\n", "daemon.host_id", "line 4"),
    ])
    func wrongValue(yaml: String, key: String, line: String) throws {
        let folder = try Folder()
        let path = try folder.write("patchbay.yaml", yaml)
        let error = failure { _ = try ConfigurationLoader.load(path: path) }
        #expect(error?.status == .badArguments)
        #expect(error?.message.contains(key) == true, "\(error?.message ?? "no error")")
        #expect(error?.message.contains(line) == true, "\(error?.message ?? "no error")")
        #expect(error?.fix?.isEmpty == false)
    }

    @Test("daemon.host_id names this host to the others of a shared CMDB; the host name when it is not given")
    func hostID() throws {
        let folder = try Folder()
        let given = try ConfigurationLoader.load(path: try folder.write("a.yaml", "cmdb:\n  sqlite: c.sqlite\ndaemon:\n  host_id: mgmt-02.dc1\n"))
        #expect(given.daemon.hostID == "mgmt-02.dc1")
        let defaulted = try ConfigurationLoader.load(path: try folder.write("b.yaml", "cmdb:\n  sqlite: c.sqlite\n"))
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        #expect(defaulted.daemon.hostID == String(cString: buffer))
        #expect(DaemonConfiguration.isValidHostID(String(repeating: "a", count: 64)) && !DaemonConfiguration.isValidHostID(String(repeating: "a", count: 65)))
        #expect(!DaemonConfiguration.isValidHostID("") && !DaemonConfiguration.isValidHostID("mgmt 01") && !DaemonConfiguration.isValidHostID("ｍｇｍｔ"))
    }

    @Test("a missing cmdb section and broken YAML are bad arguments")
    func structural() throws {
        let folder = try Folder()
        let missing = try folder.write("a.yaml", "ui:\n  theme: dark\n")
        #expect(failure { _ = try ConfigurationLoader.load(path: missing) }?.message.contains("'cmdb' is missing") == true)
        let broken = try folder.write("b.yaml", "cmdb:\n  sqlite: [unclosed\n")
        let error = failure { _ = try ConfigurationLoader.load(path: broken) }
        #expect(error?.status == .badArguments)
        #expect(error?.message.contains("not valid YAML") == true)
    }

    @Test("cmdb.postgres: the URL, a private password file, TLS and the pool; the password never in the URL; verify-full needs a CA")
    func postgres() throws {
        let folder = try Folder()
        try folder.write("cmdb.password", "secret\n")
        try folder.write("ca.pem", "-----BEGIN CERTIFICATE-----\n")
        let good = try folder.write("a.yaml", """
            cmdb:
              postgres: {url: "postgres://patchbay@db01.corp.example:5433/cmdb", password_file: cmdb.password, tls: verify-full, ca_file: ca.pem, pool: 16}
            """)
        let configuration = try ConfigurationLoader.load(path: good)
        #expect(configuration.cmdb == .postgres(PostgresConfiguration(url: PostgresURL(host: "db01.corp.example", port: 5433, user: "patchbay", database: "cmdb"),
                                                                      passwordFile: folder.path + "/cmdb.password", tls: .verifyFull,
                                                                      caFile: folder.path + "/ca.pem", pool: 16)))
        let inURL = try folder.write("b.yaml", "cmdb:\n  postgres: {url: \"postgres://patchbay:secret@db01/cmdb\", password_file: cmdb.password}\n")
        let secret = failure { _ = try ConfigurationLoader.load(path: inURL) }
        #expect(secret?.status == .badArguments && secret?.message.contains("the URL holds a password") == true, "\(secret?.message ?? "")")
        #expect(secret?.message.contains("secret") == false || secret?.message.contains("holds a password") == true)
        let noCA = try folder.write("c.yaml", "cmdb:\n  postgres: {url: \"postgres://patchbay@db01/cmdb\", password_file: cmdb.password, tls: verify-full}\n")
        #expect(failure { _ = try ConfigurationLoader.load(path: noCA) }?.fix == "add ca_file: /etc/patchbay/cmdb-ca.pem")
        try folder.write("open.password", "secret\n", mode: 0o644)
        let readable = try folder.write("d.yaml", "cmdb:\n  postgres: {url: \"postgres://patchbay@db01/cmdb\", password_file: open.password}\n")
        let exposed = failure { _ = try ConfigurationLoader.load(path: readable) }
        #expect(exposed?.status == .fileError && exposed?.fix == "chmod 600 \(folder.path)/open.password")
    }

    @Test("a secret file readable by others is refused with the chmod fix; exit 20")
    func secretPermissions() throws {
        let folder = try Folder()
        try folder.write("wsus.password", "secret", mode: 0o644)
        let path = try folder.write("patchbay.yaml", """
            cmdb: {sqlite: cmdb.sqlite}
            wsus:
              - {name: w, url: "https://w.example:8531", username: u, password_file: wsus.password}
            """)
        let error = failure { _ = try ConfigurationLoader.load(path: path) }
        #expect(error?.status == .fileError)
        #expect(error?.message.contains("can be read by other users") == true)
        #expect(error?.fix == "chmod 600 \(folder.path)/wsus.password")
    }

    @Test("a missing secret file and a missing configuration file are file errors")
    func missingFiles() throws {
        let folder = try Folder()
        let path = try folder.write("patchbay.yaml", """
            cmdb: {sqlite: cmdb.sqlite}
            smtp: {host: s.example, from: p@s.example, username: u, password_file: nope.password}
            """)
        #expect(failure { _ = try ConfigurationLoader.load(path: path) }?.status == .fileError)
        #expect(failure { _ = try ConfigurationLoader.load(path: folder.path + "/absent.yaml") }?.status == .fileError)
    }

    @Test("the file is chosen from --config, then PATCHBAY_CONFIG, then /etc/patchbay/patchbay.yaml")
    func resolution() {
        #expect(ConfigurationLoader.resolvePath(option: "/a.yaml", environment: ["PATCHBAY_CONFIG": "/b.yaml"]) == "/a.yaml")
        #expect(ConfigurationLoader.resolvePath(option: nil, environment: ["PATCHBAY_CONFIG": "/b.yaml"]) == "/b.yaml")
        #expect(ConfigurationLoader.resolvePath(option: nil, environment: [:]) == "/etc/patchbay/patchbay.yaml")
    }

    @Test("basic authentication over plain http is refused")
    func basicOverHTTP() throws {
        let folder = try Folder()
        try folder.write("p", "x")
        let path = try folder.write("patchbay.yaml", """
            cmdb: {sqlite: cmdb.sqlite}
            wsus:
              - {name: w, url: "http://w.example:8530", username: u, password_file: p, auth: basic}
            """)
        let error = failure { _ = try ConfigurationLoader.load(path: path) }
        #expect(error?.status == .badArguments)
        #expect(error?.message.contains("clear text") == true)
    }
}

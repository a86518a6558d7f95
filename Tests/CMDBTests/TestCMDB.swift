import CMDB
import Foundation
import PatchbayCore

/// The engines every CMDB test runs on.
enum Engine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }
}

/// A fresh, empty CMDB on one engine for one test: a SQLite file in a temporary folder, or a new database in
/// the throwaway PostgreSQL cluster that `make test` starts (scripts/with-postgres.sh). Each `open()` is
/// another process's view of the same CMDB. Removed when the test is done.
final class TestCMDB: @unchecked Sendable {
    struct NoCluster: Error, CustomStringConvertible {
        var description: String {
            "PATCHBAY_TEST_POSTGRES_URL is not set: run the tests with 'make test', which starts a throwaway PostgreSQL cluster"
                + " (or: scripts/with-postgres.sh swift test)"
        }
    }

    let engine: Engine
    let folder: String
    private(set) var settings: PostgresSettings?

    init(_ engine: Engine) throws {
        self.engine = engine
        folder = NSTemporaryDirectory() + "patchbay-cmdb-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if engine == .postgres {
            let server = try Self.cluster()
            let name = "patchbay_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try Self.psql(server, "CREATE DATABASE \(name)")
            var settings = server
            settings.database = String(name)
            self.settings = settings
        }
    }

    deinit {
        if let settings, let server = try? Self.cluster() { try? Self.psql(server, "DROP DATABASE IF EXISTS \(settings.database) WITH (FORCE)") }
        try? FileManager.default.removeItem(atPath: folder)
    }

    var path: String { folder + "/cmdb.sqlite" }

    func open() async throws -> any CMDBStore {
        switch engine {
        case .sqlite: return try await SQLiteCMDB.open(path: path)
        case .postgres: return try await PostgresCMDB.open(settings!)
        }
    }

    /// The schema versions the CMDB recorded.
    static func migrations(_ store: any CMDBStore) async throws -> [Int] {
        if let sqlite = store as? SQLiteCMDB { return try await sqlite.appliedMigrations() }
        return try await (store as! PostgresCMDB).appliedMigrations()
    }

    /// The cluster's maintenance database, as the test role.
    static func cluster() throws -> PostgresSettings {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["PATCHBAY_TEST_POSTGRES_URL"], let file = environment["PATCHBAY_TEST_POSTGRES_PASSWORD_FILE"],
              let parts = PostgresSettings.parse(url: url) else { throw NoCluster() }
        let password = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return PostgresSettings(host: parts.host, port: parts.port, user: parts.user, database: parts.database, password: password)
    }

    /// Runs one statement with the psql client, an independent PostgreSQL client.
    @discardableResult
    static func psql(_ settings: PostgresSettings, _ statement: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", settings.host, "-p", String(settings.port), "-U", settings.user,
                             "-d", settings.database, "-c", statement]
        process.environment = ["PGPASSWORD": settings.password, "PATH": "/usr/bin:/bin"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PatchbayError(.unexpected, "psql: \(problem)") }
        return text
    }
}

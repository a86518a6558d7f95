import CMDB
import Foundation
import PatchbayCore
import TestSupport

/// The engines every CMDB test runs on.
enum Engine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }
}

/// A fresh, empty CMDB on one engine for one test: a SQLite file in a temporary folder, or a new database in
/// the throwaway PostgreSQL cluster that `make test` starts (scripts/with-postgres.sh). Each `open()` is
/// another process's view of the same CMDB. Removed when the test is done.
final class TestCMDB: @unchecked Sendable {
    let engine: Engine
    let folder: String
    private(set) var settings: PostgresSettings?

    init(_ engine: Engine) throws {
        self.engine = engine
        folder = NSTemporaryDirectory() + "patchbay-cmdb-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if engine == .postgres {
            settings = PostgresSettings(try PostgresCluster.createDatabase(), password: try PostgresCluster.server().password)
        }
    }

    deinit {
        if let settings { PostgresCluster.dropDatabase(settings.url) }
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
        let (url, password) = try PostgresCluster.server()
        return PostgresSettings(url, password: password)
    }

    @discardableResult
    static func psql(_ settings: PostgresSettings, _ statement: String) throws -> String {
        try PostgresCluster.psql(settings.url, password: settings.password, statement)
    }
}

import Foundation
import PatchbayCore

/// The throwaway PostgreSQL cluster `make test` starts (scripts/with-postgres.sh), and fresh databases in it:
/// one per test, dropped when the test is done. Reached with the psql client, an independent one.
public enum PostgresCluster {
    public struct NotRunning: Error, CustomStringConvertible {
        public var description: String {
            "PATCHBAY_TEST_POSTGRES_URL is not set: run the tests with 'make test', which starts a throwaway PostgreSQL cluster"
                + " (or: scripts/with-postgres.sh swift test)"
        }
    }

    /// The cluster's maintenance database as the test role, and the role's password.
    public static func server() throws -> (url: PostgresURL, password: String) {
        let environment = ProcessInfo.processInfo.environment
        guard let text = environment["PATCHBAY_TEST_POSTGRES_URL"], let file = environment["PATCHBAY_TEST_POSTGRES_PASSWORD_FILE"],
              let url = PostgresURL(text) else { throw NotRunning() }
        return (url, try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A new, empty database; its URL.
    public static func createDatabase() throws -> PostgresURL {
        let (server, password) = try server()
        var url = server
        url.database = "patchbay_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try psql(server, password: password, "CREATE DATABASE \(url.database)")
        return url
    }

    public static func dropDatabase(_ url: PostgresURL) {
        guard let (server, password) = try? server() else { return }
        _ = try? psql(server, password: password, "DROP DATABASE IF EXISTS \(url.database) WITH (FORCE)")
    }

    /// Runs one statement; its output, unaligned, without headings.
    @discardableResult
    public static func psql(_ url: PostgresURL, password: String, _ statement: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", url.host, "-p", String(url.port), "-U", url.user,
                             "-d", url.database, "-c", statement]
        process.environment = ["PGPASSWORD": password, "PATH": "/usr/bin:/bin"]
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

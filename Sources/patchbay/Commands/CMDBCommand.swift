import ArgumentParser
import CMDB
import Foundation
import PatchbayConfig
import PatchbayCore
import Services

struct CMDBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cmdb",
        abstract: "The CMDB as a whole: its status, and moving it from SQLite to PostgreSQL.",
        discussion: "See docs/operations.md, 'Moving the CMDB to PostgreSQL'.",
        subcommands: [Status.self, Copy.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Engine, location, schema version, table sizes and the job runners with their hosts.",
            discussion: "Example:\n  patchbay cmdb status")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await Runtime.with(global) { runtime in
                guard let store = runtime.store as? any CMDBInspection else { return }
                let runners = try await CMDBAdministrationService(context: runtime.context).runners()
                let versions = try await store.appliedMigrations()
                Say.line("engine:   \(store.engineName)")
                Say.line("location: \(store.location)")
                Say.line("schema:   version \(versions.last ?? 0) (\(versions.count) migrations applied)")
                Say.line("runners:  " + (runners.isEmpty ? "none has started" : ""))
                for (runner, alive) in runners {
                    Say.line("  \(runner.id)  host \(runner.host)  pid \(runner.pid)  heartbeat \(TimeInput.display(runner.heartbeatAt))  "
                             + (runner.stoppedAt != nil ? "stopped" : (alive ? "alive" : "not answering")))
                }
                Say.line("tables:")
                for size in try await store.tableSizes() { Say.line("  " + size.table.padding(toLength: 24, withPad: " ", startingAt: 0) + String(size.rows)) }
            }
        }
    }

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy this SQLite CMDB into the empty PostgreSQL CMDB another configuration names, all or nothing, verified.",
            discussion: """
                Every table is copied with its ids, the identity sequences are set past them, and each table is then
                checked (row count and a content checksum) inside the same transaction: any difference leaves
                PostgreSQL as it was. Stop the daemon first, so nothing changes the SQLite CMDB meanwhile. The copy
                writes its own audit record into the new CMDB afterwards. Exit 101 when PostgreSQL already holds
                data or the schema versions differ, 20 when it cannot be reached.
                Example:
                  patchbay cmdb copy --to-config /etc/patchbay/patchbay-postgres.yaml
                """)

        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("to-config"), help: ArgumentHelp("The configuration naming the PostgreSQL CMDB.", valueName: "file"))
        var toConfig: String

        func run() async throws {
            let target = try ConfigurationLoader.load(path: toConfig)
            guard case .postgres(let postgres) = target.cmdb else {
                throw PatchbayError.badArguments("\(toConfig) names a SQLite CMDB; the copy goes to PostgreSQL",
                                                 fix: "write 'cmdb: {postgres: {url: …, password_file: …}}' in \(toConfig)")
            }
            try await Runtime.with(global) { runtime in
                guard let source = runtime.store as? SQLiteCMDB else {
                    throw PatchbayError.badArguments("the CMDB to copy from is not SQLite (\(runtime.store.location))",
                                                     fix: "run the copy with the configuration of the SQLite CMDB")
                }
                let destination = try await Runtime.open(.postgres(postgres)) as! PostgresCMDB
                do {
                    let tables = try await CMDBCopy(source: source, target: destination).run()
                    let rows = tables.reduce(0) { $0 + $1.rows }
                    for table in tables {
                        Say.line(table.name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(table.rows).padding(toLength: 10, withPad: " ", startingAt: 0)
                                 + "sha256 " + table.checksum.prefix(16))
                    }
                    let context = ServiceContext(store: destination, principal: .managementServer, templates: runtime.context.templates)
                    try await CMDBAdministrationService(context: context).recordCopy(from: source.location, to: destination.location, tables: tables.count, rows: rows)
                    Say.line("copied \(tables.count) tables, \(rows) rows, to \(destination.location); every table verified. Point patchbay.yaml at it: \(toConfig)")
                    await destination.close()
                } catch {
                    await destination.close()
                    throw error
                }
            }
        }
    }
}

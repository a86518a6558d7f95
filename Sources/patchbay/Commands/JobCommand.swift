import ArgumentParser
import Foundation
import PatchbayCore
import Services

extension JobState: ExpressibleByArgument {}

struct JobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job",
        abstract: "List, show and act on apply jobs: retry, cancel, continue, rerun-failed.",
        discussion: """
            --user U acts as U with U's role (docs/architecture.md §1): a tenant user sees and manages its own jobs, a tenant admin
            its tenant's, an infrastructure admin sees every job but manages only infrastructure jobs, a dual-role admin
            manages all. Without --user the command acts as the management server's administrator.
            Every request is written to the audit log.
            """,
        subcommands: [List.self, Show.self, Retry.self, Cancel.self, Continue.self, RerunFailed.self])

    struct ActingUser: ParsableArguments {
        @Option(help: "Act as this user (default: the management server's administrator).") var user: String?
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Jobs, newest first, with their state and progress.",
            discussion: """
                States: scheduled, running, waiting-for-action, completed, completed-with-errors, cancelled.
                Under a table it names the hosts whose daemons run jobs (their 'daemon.host_id') and whether each is
                alive: a heartbeat in the last minute by the CMDB's clock.

                Examples:
                  patchbay job list --state waiting-for-action
                  patchbay job list --tenant acme --format csv
                  patchbay job list --user acme-user         (the jobs acme-user may see)
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var acting: ActingUser
        @Option(help: "Only jobs in this state.") var state: JobState?
        @Option(help: "Only jobs of this tenant ('infrastructure' for infrastructure jobs).") var tenant: String?
        @Option(help: "Only jobs owned by this user.") var owner: String?
        @Option(help: "At most this many jobs.") var limit: Int = 200
        @OptionGroup var format: FormatOption

        func run() async throws {
            let (listing, runnerNote) = try await Runtime.with(global) { runtime -> (Listing, String) in
                let service = JobService(context: try await runtime.context(actingAs: acting.user))
                let jobs = try await service.list(.init(state: state, tenant: tenant, owner: owner, limit: limit))
                let names = try await service.tenantNames(of: jobs)
                var rows: [[String]] = []
                for job in jobs {
                    let done = job.chains.filter { $0.state.isFinished }.count
                    let waiting = job.chains.filter { $0.state == .waitingForAction }.count
                    rows.append([String(job.id), job.state.rawValue, names[job.tenantID] ?? "", job.ownerID,
                                 "\(done)/\(job.chains.count)" + (waiting > 0 ? " (\(waiting) waiting)" : ""),
                                 job.patches.map(\.kb).joined(separator: " "), job.scheduledAt.map(TimeInput.display) ?? "now",
                                 TimeInput.display(job.createdAt), TimeInput.display(job.updatedAt)])
                }
                let hosts = try await service.runnerHosts()
                return (Listing(columns: ["id", "state", "tenant", "owner", "servers-done", "patches", "start", "created", "updated"], rows: rows,
                                droppable: ["updated", "created", "start", "patches"]),
                        Self.runnerNote(hosts))
            }
            listing.print(format.format)
            if format.format == .table && !runnerNote.isEmpty { Say.error(runnerNote) }
        }

        /// Which hosts run jobs and whether each is alive, under the table.
        static func runnerNote(_ hosts: [RunnerHost]) -> String {
            let named = hosts.map { "\($0.host) (\($0.alive ? "alive" : "not answering"))" }.joined(separator: ", ")
            guard hosts.contains(where: \.alive) else {
                return "note: no job runner is alive; jobs wait until 'patchbay daemon' runs" + (named.isEmpty ? "" : "; last seen: \(named)")
            }
            return "job runners: \(named)"
        }
    }

    enum ShowFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, xml
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One job: its servers, each server's processes with times, messages and output.",
            discussion: "Example: patchbay job show 12 --format json")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The job id.") var id: Int64
        @Option(help: "table, json or xml.") var format: ShowFormat = .table

        func run() async throws {
            let text = try await Runtime.with(global) { runtime -> String in
                let service = JobService(context: try await runtime.context(actingAs: acting.user))
                let job = try await service.show(jobID: id)
                let document = JobDocument(job: job, ownerTenant: try await service.tenantName(job.tenantID))
                switch format {
                case .table: return document.table()
                case .json: return document.json()
                case .xml: return document.xml()
                }
            }
            Say.text(text)
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the failed process again on every server (or one) that waits for action.",
            discussion: "Example: patchbay job retry 12 --server acme-web01 --user infra")
        @OptionGroup var action: ActionOptions
        func run() async throws { try await action.perform(.retry) }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel the job on every server (or one) that has not finished.",
            discussion: """
                A server can be cancelled while its job waits for its start time, while it waits for action, or between
                processes; a process that is running (an install, say) is not interrupted.
                Example: patchbay job cancel 12
                """)
        @OptionGroup var action: ActionOptions
        func run() async throws { try await action.perform(.cancel) }
    }

    struct Continue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pass over the failed process and go on with the next one, on every waiting server (or one).",
            discussion: "The job then ends 'completed-with-errors'. Example: patchbay job continue 12 --server acme-db01")
        @OptionGroup var action: ActionOptions
        func run() async throws { try await action.perform(.continue) }
    }

    struct ActionOptions: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The job id.") var id: Int64
        @Option(help: "Only this server of the job.") var server: String?

        func perform(_ action: JobChain.Action) async throws {
            try await Runtime.with(global) { runtime in
                let job = try await JobService(context: try await runtime.context(actingAs: acting.user)).act(action, jobID: id, server: server)
                Say.line("job \(job.id): \(action.rawValue) done; the job is \(job.state.rawValue)")
                for chain in job.chains where server == nil || chain.serverName.caseInsensitiveCompare(server!) == .orderedSame {
                    Say.line("  \(chain.serverName)  \(chain.state.rawValue)")
                }
            }
        }
    }

    struct RerunFailed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rerun-failed",
            abstract: "Create a new job, owned by --user, for the servers of a job that failed or were cancelled.",
            discussion: "Example: patchbay job rerun-failed 12 --user infra")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The user the new job runs for; becomes its owner.") var user: String
        @Argument(help: "The job id.") var id: Int64
        @Flag(help: "Follow the new job as 'patch apply --wait' does.") var wait = false

        func run() async throws {
            try await Runtime.with(global) { runtime in
                let service = JobService(context: try await runtime.context(actingAs: user))
                let job = try await service.rerunFailed(jobID: id, channel: .command)
                Say.line("job \(job.id) created from job \(id): \(job.chains.count) server(s) — \(job.chains.map(\.serverName).joined(separator: ", "))")
                if wait { try await JobFollower(service: service).follow(jobID: job.id) }
            }
        }
    }
}

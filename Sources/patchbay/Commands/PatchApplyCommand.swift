import ArgumentParser
import Foundation
import PatchbayCore
import Services

extension PatchCommand {
    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a job that installs approved patches on servers now or at a time.",
            discussion: """
                The user named by --user becomes the job's owner and must be allowed to apply by command (infrastructure
                and dual-role admins; tenant users and tenant admins apply in the console). Only patches that are approved
                for the server in WSUS, apply to it and are not installed yet are accepted — anything else refuses the
                whole request, every reason listed. At most 100 patches per job.
                The job is carried out by the job runner of 'patchbay daemon' (or 'patchbay demo --serve'): per server
                schedule standby → operation check → pre-script → patch application → reboot → post-script → verification.
                Prints the job id. With --wait it follows the job and exits 0 only when the job completed (exit 1 when it
                waits for action, ended with errors or was cancelled).

                Examples:
                  patchbay patch apply --user infra --server acme-web01 --patch KB5033118
                  patchbay patch apply --user infra --ip 10.0.1.11 --file patches.txt --at '2026-12-01 02:00' --reboot
                  patchbay patch apply --user dual --server acme-web01,acme-db01 --patch KB5033118,KB5032189 --wait
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The user the job runs for; becomes its owner.") var user: String
        @Option(help: "Server name(s), comma-separated or repeated.") var server: [String] = []
        @Option(help: "Server IP address(es), comma-separated or repeated.") var ip: [String] = []
        @Option(help: "Patches by KB (KB5033118) or UpdateID, comma-separated or repeated.") var patch: [String] = []
        @Option(help: "A file with one KB or UpdateID per line ('#' starts a comment).") var file: String?
        @Option(help: "Start time: '2026-12-01 02:00' (local), 2026-12-01T02:00:00Z, or +30m / +2h / +1d from now. Default: now.") var at: String?
        @Flag(help: "Restart the server after installing.") var reboot = false
        @Option(help: "How long verification watches WSUS for the installed state, in seconds.") var monitor: Int = 300
        @Option(help: "A PowerShell script to run on each server before installing.") var prescript: String?
        @Option(help: "A PowerShell script to run on each server after installing (and restarting).") var postscript: String?
        @Flag(help: "Follow the job until it completes, waits for action, or is cancelled.") var wait = false

        func validate() throws {
            if server.isEmpty && ip.isEmpty { throw ValidationError("name the servers with --server or --ip") }
            if patch.isEmpty && file == nil { throw ValidationError("name the patches with --patch or --file") }
            if !(0...86_400).contains(monitor) { throw ValidationError("--monitor must be between 0 and 86400 seconds") }
        }

        func run() async throws {
            var patches = Self.split(patch)
            if let file { patches += try Self.readPatchFile(file) }
            let options = Job.Options(reboot: reboot, monitorSeconds: monitor, preScript: try prescript.map(ScriptLibrary.read(path:)) ?? "",
                                      postScript: try postscript.map(ScriptLibrary.read(path:)) ?? "")
            let start = try at.map { try TimeInput.parseFuture($0, option: "--at") }
            try await Runtime.with(global) { runtime in
                let service = JobService(context: try await runtime.context(actingAs: user))
                let job = try await service.apply(.init(servers: Self.split(server) + Self.split(ip), patches: patches, at: start,
                                                        options: options, channel: .command))
                Say.line("job \(job.id) created: \(job.chains.count) server(s), \(job.patches.count) patch(es), "
                      + (start.map { "starts at \(TimeInput.display($0))" } ?? "starts now"))
                if wait { try await JobFollower(service: service).follow(jobID: job.id) }
            }
        }

        static func split(_ values: [String]) -> [String] {
            values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        static func readPatchFile(_ path: String) throws -> [String] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PatchbayError.fileError("cannot read the patch file \(path)", fix: "check the path and its permissions")
            }
            return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).flatMap { line in
                let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                return split([String(content)])
            }
        }
    }
}

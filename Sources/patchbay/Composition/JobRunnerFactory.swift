import Adapters
import Foundation
import PatchbayConfig
import PatchbayCore
import Services

/// Builds the daemon's job runner from the configuration: its pace, its agent and its view of WSUS.
enum JobRunnerFactory {
    static func make(_ runtime: Runtime, sources: [any WSUSSource], log: @escaping @Sendable (String) -> Void) throws -> JobRunner {
        let jobs = runtime.configuration.jobs
        let settings = RunnerSettings(id: RunnerSettings.makeID(host: runtime.configuration.daemon.hostID), host: runtime.configuration.daemon.hostID,
                                      concurrency: jobs.concurrency, perTenant: jobs.perTenant,
                                      lease: .seconds(jobs.leaseSeconds), pollInterval: .seconds(jobs.pollSeconds),
                                      verifyInterval: .seconds(jobs.verifyIntervalSeconds), maxRestarts: jobs.maxRestarts)
        let clients = sources.compactMap { ($0 as? LiveWSUSSource)?.client }
        return JobRunner(context: runtime.context, settings: settings, agent: try agent(runtime.configuration),
                         states: WSUSInstallStateReader(clients: clients), log: log)
    }

    static func agent(_ configuration: PatchbayConfiguration) throws -> any PatchAgent {
        switch configuration.jobs.agent {
        case .simulated:
            return SimulatedAgent(simulators: Dictionary(configuration.wsus.map { ($0.name, $0.url) }, uniquingKeysWith: { first, _ in first }))
        case .ssh:
            let ssh = configuration.jobs.ssh
            return try SSHAgent(settings: SSHAgent.Settings(
                user: ssh.user, port: ssh.port, identityFile: ssh.identityFile, knownHostsFile: ssh.knownHostsFile,
                connectTimeoutSeconds: ssh.connectTimeoutSeconds, command: ssh.command ?? SSHAgent.Settings.defaultCommand,
                operationTimeoutSeconds: ssh.operationTimeoutSeconds, rebootTimeoutSeconds: ssh.rebootTimeoutSeconds,
                reconnectSeconds: ssh.reconnectSeconds, runAs: configuration.jobs.agentRunAs.rawValue))
        }
    }
}

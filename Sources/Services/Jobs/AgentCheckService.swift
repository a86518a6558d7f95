import Foundation
import PatchbayCore

/// The operation check on one server, outside any job: what an operator runs first on a new server, or to try
/// the agent by hand on a test server (docs/operations.md). Audited as 'agent check'.
public struct AgentCheckService: Sendable {
    let context: ServiceContext
    let agent: any PatchAgent
    private var audit: AuditTrail { AuditTrail(context: context) }

    public init(context: ServiceContext, agent: any PatchAgent) {
        self.context = context
        self.agent = agent
    }

    /// Reaches the server and asks whether it can run Windows Update; a server that cannot is not an error
    /// here, only a result that says so. The request (who, which server, allowed or not) is audited in a short
    /// transaction before the agent talks to the server, so none is open meanwhile.
    public func check(server name: String) async throws -> AgentResult {
        let target = try await audit.writeNamingTenant("agent check", [AuditParameter("server", name)]) { session -> (JobTarget, String?) in
            guard let server = try await session.servers.named(name), may(context.principal, .view, .server(server.scope)) else {
                throw PatchbayError.badArguments("there is no server '\(name)' you may see", remedy: .see(.servers))
            }
            try context.require(.applyByCommand, .server(server.scope), "check the agent on \(server.name)")
            let target = try await session.jobs.target(serverID: server.id)
                ?? JobTarget(server: server, wsusServerName: nil, computerID: nil, computerName: server.hostName.isEmpty ? server.name : server.hostName)
            return (target, try await session.tenants.withID(server.tenantID)?.name)
        }
        do {
            return try await agent.checkOperation(on: target)
        } catch let failure as AgentFailure {
            return AgentResult(succeeded: false, message: failure.message, output: failure.output)
        }
    }
}

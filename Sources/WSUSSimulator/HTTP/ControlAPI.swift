import Foundation
import NIOHTTP1
import WSUSWire

/// The simulator's HTTP control API (JSON), for demos, scripts and out-of-process tests. Documented in
/// README.md ("WSUS simulator"). It is served only on the simulator's own (loopback by default) address.
struct ControlAPI {
    let control: SimulatorControl
    let state: SimulatorState

    struct Reply {
        var status: HTTPResponseStatus
        var body: String
    }

    func handle(method: HTTPMethod, path: String, body: Data) -> Reply {
        let json = (try? JSONSerialization.jsonObject(with: body.isEmpty ? Data("{}".utf8) : body)) as? [String: Any] ?? [:]
        func text(_ key: String) -> String? { json[key] as? String }
        do {
            switch (method, path) {
            case (.GET, "/control/state"):
                let data = state.snapshot()
                return ok(["updates": data.updates.count, "computers": data.computers.count, "approvals": data.approvals.count,
                           "groups": data.groups.count, "declined": data.updates.filter(\.isDeclined).count])
            case (.POST, "/control/approve"):
                let action = try DeploymentAction(name: text("action") ?? "install") ?? { throw SimulatorControl.ControlError(description: "unknown action") }()
                let deadline = text("deadline").flatMap { ISO8601DateFormatter().date(from: $0) }
                try control.approve(update: try need(text("update"), "update"), group: text("group") ?? "All Computers", action: action, deadline: deadline)
            case (.POST, "/control/decline"):
                try control.decline(update: try need(text("update"), "update"))
            case (.POST, "/control/computers/add"):
                try control.addComputer(name: try need(text("name"), "name"), ip: text("ip") ?? "", os: text("os") ?? "", groups: json["groups"] as? [String] ?? [])
            case (.POST, "/control/computers/remove"):
                try control.removeComputer(name: try need(text("name"), "name"))
            case (.POST, "/control/computers/move"):
                try control.moveComputer(name: try need(text("name"), "name"), toGroups: json["groups"] as? [String] ?? [])
            case (.POST, "/control/install-state"):
                guard let state = InstallationState(name: try need(text("state"), "state")) else {
                    throw SimulatorControl.ControlError(description: "unknown state; use one of \(InstallationState.allCases.map(\.name).joined(separator: ", "))")
                }
                try control.setInstallState(computer: try need(text("computer"), "computer"), update: try need(text("update"), "update"), state: state)
            case (.POST, "/control/cleanup"):
                let result = control.cleanup()
                return ok(["declined": result.declined, "deleted": result.deleted, "computers": result.computers])
            case (.POST, "/control/faults"):
                guard let kind = Fault.Kind(rawValue: try need(text("kind"), "kind")) else {
                    throw SimulatorControl.ControlError(description: "unknown fault kind; use one of \(Fault.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                control.inject(Fault(kind: kind, operation: text("operation") ?? "*", latency: .milliseconds(json["latency_ms"] as? Int ?? 0),
                                     count: json["count"] as? Int))
            case (.DELETE, "/control/faults"):
                control.clearFaults()
            default:
                return Reply(status: .notFound, body: #"{"error":"unknown control endpoint"}"#)
            }
            return ok(["ok": true])
        } catch {
            let message = String(describing: error).replacingOccurrences(of: "\"", with: "'")
            return Reply(status: .badRequest, body: "{\"error\":\"\(message)\"}")
        }
    }

    private func need(_ value: String?, _ key: String) throws -> String {
        guard let value, !value.isEmpty else { throw SimulatorControl.ControlError(description: "'\(key)' is required") }
        return value
    }

    private func ok(_ object: [String: Any]) -> Reply {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Reply(status: .ok, body: String(decoding: data, as: UTF8.self))
    }
}

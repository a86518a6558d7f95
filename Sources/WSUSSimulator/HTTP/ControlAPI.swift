import Foundation
import NIOHTTP1
import WSUSWire

/// The simulator's HTTP control API (JSON), for demos, scripts and out-of-process tests. Documented in
/// docs/development.md ("The WSUS simulator"). It is served only on the simulator's own (loopback by default) address.
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
                                     count: json["count"] as? Int, seed: UInt64(json["seed"] as? Int ?? 0)))
            case (.DELETE, "/control/faults"):
                control.clearFaults()
            case (.POST, "/control/fleet/configure"):
                let failures = json["fail"] as? [String: String]
                try control.configureFleet(computer: try need(text("computer"), "computer")) { behaviour, data in
                    // A given "fail" map replaces the earlier one ({} clears it).
                    if failures != nil { behaviour.failures = [:] }
                    if let reachable = json["reachable"] as? Bool { behaviour.reachable = reachable }
                    if let millis = json["install_ms"] as? Int { behaviour.installDuration = .milliseconds(millis) }
                    if let exitCode = json["script_exit"] as? Int { behaviour.scriptExitCode = exitCode }
                    if let output = json["script_output"] as? String { behaviour.scriptOutput = output }
                    if let millis = json["download_ms"] as? Int { behaviour.downloadDuration = .milliseconds(millis) }
                    if let millis = json["update_install_ms"] as? Int { behaviour.updateInstallDuration = .milliseconds(millis) }
                    if let millis = json["reboot_ms"] as? Int { behaviour.rebootDuration = .milliseconds(millis) }
                    if let code = json["fail_next_install"] as? String { behaviour.failNextInstall = try Self.hresult(code) }
                    for (key, code) in failures ?? [:] {
                        guard let update = data.update(id: key) ?? data.update(kb: key) else { throw SimulatorControl.ControlError(description: "no update '\(key)'") }
                        behaviour.failures[update.id] = try Self.hresult(code)
                    }
                    if let undelivered = json["undelivered"] as? [String] {
                        behaviour.undelivered = Set(try undelivered.map { key in
                            guard let update = data.update(id: key) ?? data.update(kb: key) else { throw SimulatorControl.ControlError(description: "no update '\(key)'") }
                            return update.id
                        })
                    }
                }
            case (.POST, "/control/fleet/check"):
                let data = state.snapshot()
                let computer = try data.reachableComputer(named: try need(text("computer"), "computer"))
                return ok(["computer": computer.fullDomainName, "reachable": true, "os": computer.osName])
            case (.POST, "/control/fleet/script"):
                let data = state.snapshot()
                let computer = try data.reachableComputer(named: try need(text("computer"), "computer"))
                let exitCode = data.fleet[computer.id]?.scriptExitCode ?? 0
                let lines = (text("script") ?? "").split(separator: "\n").count
                return ok(["exit_code": exitCode,
                           "output": (data.fleet[computer.id]?.scriptOutput ?? "")
                               + "\(text("name") ?? "script") (\(lines) line(s)) ran on \(computer.fullDomainName); exit code \(exitCode)\n"])
            case (.POST, "/control/fleet/progress"):
                // The install under way on the server, update by update, as the Windows Update Agent's progress
                // callbacks would give it.
                let data = state.snapshot()
                let computer = try data.reachableComputer(named: try need(text("computer"), "computer"))
                guard let run = data.installRuns[computer.id] else { return ok(["computer": computer.fullDomainName, "updates": [Any](), "restarting": false]) }
                let now = Date()
                let updates: [[String: Any]] = run.progress(at: now).map {
                    ["update_id": $0.updateID, "kb": $0.kb, "phase": $0.phase.rawValue, "percent": $0.percent]
                }
                return ok(["computer": computer.fullDomainName, "updates": updates, "restarting": run.restarting(at: now)])
            case (.GET, "/control/fleet/installs"):
                let counts = control.installCounts()
                let data = (try? JSONSerialization.data(withJSONObject: counts, options: [.sortedKeys])) ?? Data("{}".utf8)
                return Reply(status: .ok, body: String(decoding: data, as: UTF8.self))
            default:
                return Reply(status: .notFound, body: #"{"error":"unknown control endpoint"}"#)
            }
            return ok(["ok": true])
        } catch {
            return Self.failure(error)
        }
    }

    /// "0x80070643" or "80070643".
    static func hresult(_ code: String) throws -> UInt32 {
        guard let hresult = FleetBehaviour.hresult(code) else {
            throw SimulatorControl.ControlError(description: "'\(code)' is not an HRESULT such as 0x80070643")
        }
        return hresult
    }

    /// An unreachable simulated server answers 503, as a gateway would; other control errors are 400.
    static func failure(_ error: any Error) -> Reply {
        let message = String(describing: error).replacingOccurrences(of: "\"", with: "'")
        let status: HTTPResponseStatus = message.hasSuffix("is unreachable") ? .serviceUnavailable : .badRequest
        return Reply(status: status, body: "{\"error\":\"\(message)\"}")
    }

    /// `POST /control/fleet/install`: the reply is due after the server's install duration, so the
    /// connection handler schedules it instead of blocking its event loop.
    static func fleetInstall(control: SimulatorControl, state: SimulatorState, body: Data) -> (delay: Duration, run: @Sendable () -> Reply) {
        let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        let computer = json["computer"] as? String ?? ""
        let updates = json["updates"] as? [String] ?? []
        let reboot = json["reboot"] as? Bool ?? false
        let delay = state.mutate { $0.beginInstall(on: computer, updates: updates, reboot: reboot, at: Date()) }
        return (delay, {
            do {
                let result = try state.mutate { try $0.install(on: computer, updates: updates, reboot: reboot, at: Date()) }
                let outcomes: [[String: Any]] = result.outcomes.map { item in
                    var entry: [String: Any] = ["update_id": item.updateID, "kb": item.kb, "result": item.outcome.name]
                    if case .failed(let hresult) = item.outcome { entry["hresult"] = "0x" + String(hresult, radix: 16, uppercase: true) }
                    return entry
                }
                let object: [String: Any] = ["computer": result.computer, "rebooted": result.rebooted, "updates": outcomes]
                let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
                return Reply(status: .ok, body: String(decoding: data, as: UTF8.self))
            } catch {
                return failure(error)
            }
        })
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

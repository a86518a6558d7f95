import Foundation
import WSUSWire

/// What an operator (or a test) can change in a running simulator: approvals, computers, install states,
/// cleanup and faults. The HTTP control API and in-process callers both come through here.
public struct SimulatorControl: Sendable {
    let state: SimulatorState
    let faults: FaultPlan

    public struct ControlError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public func approve(update: String, group: String, action: DeploymentAction = .install, deadline: Date? = nil, admin: String = "CORP\\wsus-admin") throws {
        try state.mutate { data in
            guard let target = data.update(id: update) ?? data.update(kb: update) else { throw ControlError(description: "no update '\(update)'") }
            guard let group = data.group(named: group) else { throw ControlError(description: "no target group '\(group)'") }
            data.approvals.removeAll { $0.updateID == target.id && $0.groupID == group.id }
            if action != .notApproved {
                data.approvals.append(SimApproval(updateID: target.id, revisionNumber: target.revisionNumber, groupID: group.id, action: action,
                                                  deadline: deadline, goLive: Date(), adminName: admin, createdAt: Date()))
            }
        }
    }

    public func decline(update: String) throws {
        try state.mutate { data in
            guard let index = data.updates.firstIndex(where: { $0.id == update.lowercased() || $0.kbs.contains(update.uppercased().replacingOccurrences(of: "KB", with: "")) }) else {
                throw ControlError(description: "no update '\(update)'")
            }
            data.updates[index].isDeclined = true
            data.approvals.removeAll { $0.updateID == data.updates[index].id }
        }
    }

    public func addComputer(name: String, ip: String, os: String, groups: [String] = [], id: String = UUID().uuidString.lowercased()) throws {
        try state.mutate { data in
            guard data.computer(named: name) == nil else { throw ControlError(description: "computer '\(name)' already exists") }
            let groupIDs = try groups.map { name in
                guard let group = data.group(named: name) else { throw ControlError(description: "no target group '\(name)'") }
                return group.id
            }
            let now = Date()
            let computer = SimComputer(id: id, fullDomainName: name, ipAddress: ip, osName: os, lastSyncTime: now,
                                       lastReportedStatusTime: now, groupIDs: groupIDs)
            data.computers.append(computer)
            var states: [String: InstallationState] = [:]
            for update in data.updates where update.applies(to: computer) && !update.isDeclined { states[update.id] = .notInstalled }
            data.states[id] = states
            data.statesChangedAt[id] = now
        }
    }

    public func removeComputer(name: String) throws {
        try state.mutate { data in
            guard let computer = data.computer(named: name) else { throw ControlError(description: "no computer '\(name)'") }
            data.computers.removeAll { $0.id == computer.id }
            data.states[computer.id] = nil
        }
    }

    public func moveComputer(name: String, toGroups groups: [String]) throws {
        try state.mutate { data in
            guard let index = data.computers.firstIndex(where: { $0.fullDomainName.caseInsensitiveCompare(name) == .orderedSame }) else {
                throw ControlError(description: "no computer '\(name)'")
            }
            data.computers[index].groupIDs = try groups.map { name in
                guard let group = data.group(named: name) else { throw ControlError(description: "no target group '\(name)'") }
                return group.id
            }
        }
    }

    public func setInstallState(computer: String, update: String, state newState: InstallationState, at time: Date = Date()) throws {
        try state.mutate { data in
            guard let computer = data.computer(named: computer) else { throw ControlError(description: "no computer '\(computer)'") }
            guard let target = data.update(id: update) ?? data.update(kb: update) else { throw ControlError(description: "no update '\(update)'") }
            data.states[computer.id, default: [:]][target.id] = newState
            data.statesChangedAt[computer.id] = time
            if let index = data.computers.firstIndex(where: { $0.id == computer.id }) {
                data.computers[index].lastSyncTime = time
                data.computers[index].lastReportedStatusTime = time
            }
        }
    }

    /// Runs the server cleanup wizard; updates and computers it removes vanish without a trace.
    public func cleanup() -> (declined: Int, deleted: Int, computers: Int) {
        state.mutate { Cleanup.runWizard(in: &$0, now: Date()) }
    }

    /// Sets how a simulated server behaves: reachability, install duration, failures, undelivered updates.
    public func configureFleet(computer name: String, _ change: (inout FleetBehaviour, WSUSData) throws -> Void) throws {
        try state.mutate { data in
            guard let computer = data.computer(named: name) else { throw ControlError(description: "no computer '\(name)'") }
            var behaviour = data.fleet[computer.id] ?? FleetBehaviour()
            try change(&behaviour, data)
            data.fleet[computer.id] = behaviour
        }
    }

    /// Installs updates on a simulated server at its configured pace.
    public func install(on computer: String, updates: [String], reboot: Bool) async throws -> FleetInstallResult {
        let duration = state.mutate { $0.beginInstall(on: computer, updates: updates, reboot: reboot, at: Date()) }
        if duration > .zero { try await Task.sleep(for: duration) }
        return try state.mutate { try $0.install(on: computer, updates: updates, reboot: reboot, at: Date()) }
    }

    /// How often each update was really installed on each computer (by name and KB).
    public func installCounts() -> [String: [String: Int]] {
        let data = state.snapshot()
        var result: [String: [String: Int]] = [:]
        for (computerID, counts) in data.installCounts {
            guard let name = data.computers.first(where: { $0.id == computerID })?.fullDomainName else { continue }
            for (updateID, count) in counts {
                let kb = data.update(id: updateID)?.kbs.first.map { "KB\($0)" } ?? updateID
                result[name, default: [:]][kb] = count
            }
        }
        return result
    }

    public func inject(_ fault: Fault) { faults.add(fault) }

    public func clearFaults() { faults.clear() }
}

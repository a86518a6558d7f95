import Foundation
import WSUSWire

/// How a simulated business server behaves when told to install updates.
public struct FleetBehaviour: Sendable, Hashable {
    public var reachable = true
    public var installDuration: Duration = .zero
    /// update id → the HRESULT its installation fails with.
    public var failures: [String: UInt32] = [:]
    /// Update ids WSUS has not delivered to the server yet (approved, but not downloaded).
    public var undelivered: Set<String> = []
    /// The exit code the server's pre- and post-scripts end with.
    public var scriptExitCode = 0
    /// Text the server's scripts print besides the simulator's own line (what a real script might echo).
    public var scriptOutput = ""
    /// The pace of a real server, per update: downloading, then installing (the demo's; zero in tests, which
    /// keep their instant fleet).
    public var downloadDuration: Duration = .zero
    public var updateInstallDuration: Duration = .zero
    /// How long a restart keeps the server away.
    public var rebootDuration: Duration = .zero
    /// The HRESULT the next install run fails with, for every update it would install; that run clears it,
    /// so a retry succeeds (a transient failure such as a download that needs repeating).
    public var failNextInstall: UInt32?

    public init() {}

    /// "0x80070643" or "80070643"; nil for anything else.
    static func hresult(_ text: String) -> UInt32? {
        let digits = text.lowercased().hasPrefix("0x") ? String(text.dropFirst(2)) : text
        return digits.count == 8 ? UInt32(digits, radix: 16) : nil
    }
}

/// What one install request did on one simulated server.
public struct FleetInstallResult: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        case installed
        case installedPendingReboot
        case failed(hresult: UInt32)
        case notApplicable
        case notDelivered

        public var name: String {
            switch self {
            case .installed: return "installed"
            case .installedPendingReboot: return "pending-reboot"
            case .failed: return "failed"
            case .notApplicable: return "not-applicable"
            case .notDelivered: return "not-delivered"
            }
        }
    }

    public var computer: String
    public var outcomes: [(updateID: String, kb: String, outcome: Outcome)]
    public var rebooted: Bool

    public static func == (lhs: FleetInstallResult, rhs: FleetInstallResult) -> Bool {
        lhs.computer == rhs.computer && lhs.rebooted == rhs.rebooted && lhs.outcomes.map { "\($0.updateID)\($0.outcome)" } == rhs.outcomes.map { "\($0.updateID)\($0.outcome)" }
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(computer) }
}

extension WSUSData {
    /// The transient failure an install run meets, for an update it would really install.
    private func failOnce(_ behaviour: FleetBehaviour, state: InstallationState?) -> UInt32? {
        guard let hresult = behaviour.failNextInstall, state != .installed, state != .installedPendingReboot else { return nil }
        return hresult
    }

    /// Starts timing an install request on a simulated server: what it will download and install, at the
    /// server's pace, so progress can be read while it runs. Returns how long the request takes.
    mutating func beginInstall(on computerName: String, updates keys: [String], reboot: Bool, at now: Date) -> Duration {
        guard let computer = computer(named: computerName) else { return .zero }
        let behaviour = fleet[computer.id] ?? FleetBehaviour()
        let steps: [FleetInstallRun.Step] = keys.compactMap { key in
            guard let update = update(id: key) ?? update(kb: key), let state = states[computer.id]?[update.id],
                  state != .installed, state != .installedPendingReboot, state != .notApplicable, !behaviour.undelivered.contains(update.id)
            else { return nil }
            return FleetInstallRun.Step(updateID: update.id, kb: update.kbs.first.map { "KB\($0)" } ?? update.id)
        }
        let run = FleetInstallRun(startedAt: now, steps: steps, download: behaviour.downloadDuration, install: behaviour.updateInstallDuration,
                                  reboot: reboot ? behaviour.rebootDuration : .zero)
        installRuns[computer.id] = run
        return behaviour.installDuration + run.duration
    }

    /// The computer, if it answers; an unreachable one throws, as a real server that is down would time out.
    func reachableComputer(named name: String) throws -> SimComputer {
        guard let computer = computer(named: name) else { throw SimulatorControl.ControlError(description: "no computer '\(name)'") }
        guard fleet[computer.id]?.reachable ?? true else {
            throw SimulatorControl.ControlError(description: "\(computer.fullDomainName) is unreachable")
        }
        return computer
    }

    /// Installs updates on a simulated server and reports the new states to WSUS, as the Windows Update
    /// Agent would after a real install. Every successful install is counted, so tests can prove that a
    /// patch was applied exactly once.
    mutating func install(on computerName: String, updates keys: [String], reboot: Bool, at now: Date) throws -> FleetInstallResult {
        let computer = try reachableComputer(named: computerName)
        let behaviour = fleet[computer.id] ?? FleetBehaviour()
        var outcomes: [(String, String, FleetInstallResult.Outcome)] = []
        for key in keys {
            guard let update = update(id: key) ?? update(kb: key) else { throw SimulatorControl.ControlError(description: "no update '\(key)'") }
            let kb = update.kbs.first.map { "KB\($0)" } ?? update.id
            let outcome: FleetInstallResult.Outcome
            if states[computer.id]?[update.id] == nil || states[computer.id]?[update.id] == .notApplicable {
                outcome = .notApplicable
            } else if behaviour.undelivered.contains(update.id) {
                outcome = .notDelivered
            } else if let hresult = behaviour.failures[update.id] {
                states[computer.id]?[update.id] = .failed
                outcome = .failed(hresult: hresult)
            } else if let hresult = failOnce(behaviour, state: states[computer.id]?[update.id]) {
                states[computer.id]?[update.id] = .failed
                outcome = .failed(hresult: hresult)
                fleet[computer.id]?.failNextInstall = nil
            } else if states[computer.id]?[update.id] == .installed {
                outcome = .installed
            } else if states[computer.id]?[update.id] == .installedPendingReboot {
                outcome = .installedPendingReboot // already installed; only the restart is missing
            } else {
                installCounts[computer.id, default: [:]][update.id, default: 0] += 1
                let pending = update.rebootBehavior != 0
                states[computer.id]?[update.id] = pending ? .installedPendingReboot : .installed
                outcome = pending ? .installedPendingReboot : .installed
            }
            outcomes.append((update.id, kb, outcome))
        }
        installRuns[computer.id] = nil
        var rebooted = false
        if reboot, let current = states[computer.id] {
            for (id, state) in current where state == .installedPendingReboot { states[computer.id]?[id] = .installed }
            rebooted = true
            outcomes = outcomes.map { ($0.0, $0.1, $0.2 == .installedPendingReboot ? .installed : $0.2) }
        }
        statesChangedAt[computer.id] = now
        if let index = computers.firstIndex(where: { $0.id == computer.id }) {
            computers[index].lastSyncTime = now
            computers[index].lastReportedStatusTime = now
        }
        return FleetInstallResult(computer: computer.fullDomainName, outcomes: outcomes.map { ($0.0, $0.1, $0.2) }, rebooted: rebooted)
    }
}

import Foundation
import WSUSWire
import Yams

/// A scenario file (YAML) describing a WSUS: who may log in, its catalog (seeded from real MSRC data),
/// target groups, computers, approvals and install states. See docs/development.md, "The WSUS simulator".
public struct Scenario: Sendable {
    public var data: WSUSData
    public var settings: SimulatorSettings

    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func load(path: String, now: Date = Date()) throws -> Scenario {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw LoadError(description: "cannot read the scenario file \(path)")
        }
        return try parse(text, now: now, source: path)
    }

    public static func parse(_ text: String, now: Date = Date(), source: String = "scenario") throws -> Scenario {
        let root: [String: Any]
        do {
            root = (try Yams.load(yaml: text) as? [String: Any]) ?? [:]
        } catch {
            throw LoadError(description: "\(source): not valid YAML: \(error)")
        }
        let known: Set<String> = ["server", "catalog", "groups", "computers", "approvals", "install_states", "generate", "cleanup", "fleet"]
        if let unknown = root.keys.first(where: { !known.contains($0) }) {
            throw LoadError(description: "\(source): unknown key '\(unknown)'; use \(known.sorted().joined(separator: ", "))")
        }
        var builder = ScenarioBuilder(now: now, source: source)
        try builder.server(root["server"] as? [String: Any] ?? [:])
        try builder.catalog(root["catalog"] as? [String: Any] ?? ["seed": "msrc-2023-12"])
        for entry in root["groups"] as? [[String: Any]] ?? [] { try builder.group(entry) }
        if let generate = root["generate"] as? [String: Any] {
            ScenarioGenerator(updates: generate["updates"] as? Int ?? 0, computers: generate["computers"] as? Int ?? 0,
                              seed: UInt64(generate["seed"] as? Int ?? 42), now: now).generate(into: &builder.data)
        }
        for (index, entry) in (root["computers"] as? [[String: Any]] ?? []).enumerated() { try builder.computer(entry, index: index) }
        builder.defaultStates()
        for (index, entry) in (root["approvals"] as? [[String: Any]] ?? []).enumerated() { try builder.approval(entry, index: index) }
        for (index, entry) in (root["install_states"] as? [[String: Any]] ?? []).enumerated() { try builder.installState(entry, index: index) }
        for (index, entry) in (root["fleet"] as? [[String: Any]] ?? []).enumerated() { try builder.fleet(entry, index: index) }
        if let cleanup = root["cleanup"] as? [String: Any], let days = cleanup["computer_deletion_threshold_days"] as? Int {
            builder.data.computerDeletionThresholdDays = days
        }
        // The catalog came from a synchronization with Microsoft Update an hour ago (events 381 and 384).
        builder.data.events = [SimEvent(id: 381, at: now.addingTimeInterval(-3600), message: "Synchronization started."),
                               SimEvent(id: 384, at: now.addingTimeInterval(-3300), message: "Synchronization completed.")]
        return Scenario(data: builder.data, settings: builder.settings)
    }

    /// A small ready-made scenario: the real December 2023 catalog, two groups, computers named as the
    /// Patchbay demo's servers, and approvals of the Windows Server updates.
    public static func demo(computers: [(name: String, ip: String, os: String, group: String)], user: String, password: String, now: Date = Date()) throws -> Scenario {
        var yaml = """
            server:
              users:
                - {name: '\(user.replacingOccurrences(of: "'", with: "''"))', password: '\(password.replacingOccurrences(of: "'", with: "''"))', role: administrator}
            catalog:
              seed: msrc-2023-12
            groups:

            """
        for group in Set(computers.map(\.group)).sorted() { yaml += "  - {name: '\(group)'}\n" }
        yaml += "computers:\n"
        for (index, computer) in computers.enumerated() {
            yaml += "  - {name: '\(computer.name)', ip: '\(computer.ip)', os: '\(computer.os)', groups: ['\(computer.group)'], last_sync: \(index + 1)h, last_report: \(index + 2)h}\n"
        }
        return try parse(yaml, now: now, source: "demo scenario")
    }
}

/// Reads scenario sections into `WSUSData`, naming the entry when something is wrong.
struct ScenarioBuilder {
    var data = WSUSData()
    var settings = SimulatorSettings()
    let now: Date
    let source: String
    private var explicitStates = Set<String>()

    init(now: Date, source: String) {
        self.now = now
        self.source = source
    }

    func fail(_ message: String) -> Scenario.LoadError { Scenario.LoadError(description: "\(source): \(message)") }

    mutating func server(_ entry: [String: Any]) throws {
        if let version = entry["version"] as? String {
            let build = version.split(separator: ".").compactMap { Int($0) }
            if build.count >= 3 && build[2] < 26100 { settings.useOlderLayout() }
            settings.version = version
        }
        settings.domain = entry["domain"] as? String ?? settings.domain
        settings.acceptAnyCredentials = entry["accept_any_credentials"] as? Bool ?? false
        settings.sslRequired = entry["ssl_required"] as? Bool ?? false
        for (index, user) in (entry["users"] as? [[String: Any]] ?? []).enumerated() {
            guard let name = user["name"] as? String, let password = user["password"].map({ "\($0)" }) else {
                throw fail("server.users[\(index)] needs name and password")
            }
            guard let role = SimRole(rawValue: user["role"] as? String ?? "administrator") else {
                throw fail("server.users[\(index)].role must be administrator, reporter or none")
            }
            settings.users.append(SimUser(name: name, password: password, role: role))
        }
        if let numbers = entry["role_numbers"] as? [String: Int] {
            for (name, number) in numbers { if let role = SimRole(rawValue: name) { settings.roleNumbers[role] = number } }
        }
    }

    mutating func catalog(_ entry: [String: Any]) throws {
        let seed = entry["seed"] as? String ?? "msrc-2023-12"
        switch seed {
        case "msrc-2023-12": for update in try MSRCCatalog.updates() { data.add(update) }
        case "none": break
        default: throw fail("catalog.seed '\(seed)' is unknown; use msrc-2023-12 or none")
        }
        for (index, item) in (entry["updates"] as? [[String: Any]] ?? []).enumerated() {
            guard let kb = (item["kb"] as? String).map({ $0.uppercased().hasPrefix("KB") ? String($0.dropFirst(2)) : $0 }),
                  let title = item["title"] as? String else { throw fail("catalog.updates[\(index)] needs kb and title") }
            let released = (item["released"] as? Date) ?? (item["released"] as? String).flatMap { ISO8601DateFormatter().date(from: $0 + "T00:00:00Z") } ?? now
            let reboot = ["never": 0, "always": 1, "can-request": 2][item["reboot"] as? String ?? "can-request"] ?? 2
            var update = SimUpdate(id: item["id"] as? String ?? StableID.guid("KB" + kb), revisionNumber: item["revision"] as? Int ?? 200,
                                   title: title, description: item["description"] as? String ?? title, kbs: [kb],
                                   classification: item["classification"] as? String ?? "Security Updates",
                                   products: item["products"] as? [String] ?? [], msrcSeverity: item["severity"] as? String,
                                   creationDate: released, arrivalDate: released, rebootBehavior: reboot)
            update.supersedes = (item["supersedes"] as? [String] ?? []).compactMap { data.update(kb: $0)?.id }
            update.isDeclined = item["declined"] as? Bool ?? false
            update.isExpired = item["expired"] as? Bool ?? false
            data.add(update)
        }
    }

    mutating func group(_ entry: [String: Any]) throws {
        guard let name = entry["name"] as? String else { throw fail("every group needs a name") }
        let parent = data.group(named: entry["parent"] as? String ?? "All Computers")
        guard let parent else { throw fail("group '\(name)': parent '\(entry["parent"] ?? "")' is not defined above it") }
        data.groups.append(SimGroup(id: entry["id"] as? String ?? StableID.guid("group:" + name), name: name, parentID: parent.id))
    }

    mutating func computer(_ entry: [String: Any], index: Int) throws {
        guard let name = entry["name"] as? String else { throw fail("computers[\(index)] needs a name (its FQDN)") }
        let groupIDs = try (entry["groups"] as? [String] ?? []).map { group in
            guard let found = data.group(named: group) else { throw fail("computers[\(index)]: no target group '\(group)'") }
            return found.id
        }
        var computer = SimComputer(
            id: entry["id"] as? String ?? StableID.guid("computer:" + name.lowercased()), fullDomainName: name,
            ipAddress: entry["ip"] as? String ?? "", osName: entry["os"] as? String ?? "Windows Server 2022",
            osBuild: entry["build"] as? String ?? "10.0.20348", lastSyncTime: try age(entry["last_sync"], "computers[\(index)].last_sync"),
            lastReportedStatusTime: try age(entry["last_report"], "computers[\(index)].last_report"), groupIDs: groupIDs)
        computer.otherProducts = entry["products"] as? [String] ?? []
        data.computers.append(computer)
    }

    /// Every computer that has reported gets "not installed" for each update that applies to it.
    mutating func defaultStates() {
        for computer in data.computers where data.states[computer.id] == nil && computer.lastReportedStatusTime != nil {
            var states: [String: InstallationState] = [:]
            for update in data.updates where !update.isDeclined && update.applies(to: computer) { states[update.id] = .notInstalled }
            data.states[computer.id] = states
            data.statesChangedAt[computer.id] = computer.lastReportedStatusTime
        }
    }

    mutating func approval(_ entry: [String: Any], index: Int) throws {
        guard let key = entry["update"] as? String, let update = data.update(id: key) ?? data.update(kb: key) else {
            throw fail("approvals[\(index)]: no update '\(entry["update"] ?? "")'")
        }
        guard let group = data.group(named: entry["group"] as? String ?? "All Computers") else {
            throw fail("approvals[\(index)]: no target group '\(entry["group"] ?? "")'")
        }
        guard let action = DeploymentAction(name: entry["action"] as? String ?? "install") else {
            throw fail("approvals[\(index)].action must be install, uninstall, block or not-approved")
        }
        let deadline = (entry["deadline"] as? Date) ?? (entry["deadline"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) }
        data.approvals.append(SimApproval(id: StableID.guid("approval:\(update.id):\(group.id)"), updateID: update.id,
                                          revisionNumber: update.revisionNumber, groupID: group.id, action: action, deadline: deadline,
                                          goLive: now, adminName: entry["admin"] as? String ?? "CORP\\wsus-admin", createdAt: now))
    }

    mutating func installState(_ entry: [String: Any], index: Int) throws {
        guard let name = entry["computer"] as? String, let computer = data.computer(named: name) else {
            throw fail("install_states[\(index)]: no computer '\(entry["computer"] ?? "")'")
        }
        guard let key = entry["update"] as? String, let update = data.update(id: key) ?? data.update(kb: key) else {
            throw fail("install_states[\(index)]: no update '\(entry["update"] ?? "")'")
        }
        guard let state = InstallationState(name: entry["state"] as? String ?? "") else {
            throw fail("install_states[\(index)].state must be one of \(InstallationState.allCases.map(\.name).joined(separator: ", "))")
        }
        data.states[computer.id, default: [:]][update.id] = state
    }

    /// How simulated servers behave when a job installs on them: `{computer: NAME or '*', download: 3s,
    /// install: 4s, reboot: 10s, fail_next_install: '0x8024200D'}` (download and install per update).
    mutating func fleet(_ entry: [String: Any], index: Int) throws {
        let name = entry["computer"] as? String ?? ""
        let computers = name == "*" ? data.computers : data.computer(named: name).map { [$0] } ?? []
        if computers.isEmpty { throw fail("fleet[\(index)]: no computer '\(name)' (name one, or '*' for all)") }
        let download = try duration(entry["download"], "fleet[\(index)].download")
        let install = try duration(entry["install"], "fleet[\(index)].install")
        let reboot = try duration(entry["reboot"], "fleet[\(index)].reboot")
        var failure: UInt32?
        if let code = entry["fail_next_install"] {
            guard let hresult = FleetBehaviour.hresult("\(code)") else {
                throw fail("fleet[\(index)].fail_next_install '\(code)' is not an HRESULT such as 0x8024200D")
            }
            failure = hresult
        }
        for computer in computers {
            var behaviour = data.fleet[computer.id] ?? FleetBehaviour()
            if let download { behaviour.downloadDuration = download }
            if let install { behaviour.updateInstallDuration = install }
            if let reboot { behaviour.rebootDuration = reboot }
            if let failure { behaviour.failNextInstall = failure }
            data.fleet[computer.id] = behaviour
        }
    }

    /// "500ms", "3s", "2m"; absent leaves the behaviour as it is.
    private func duration(_ value: Any?, _ key: String) throws -> Duration? {
        guard let value else { return nil }
        let text = "\(value)"
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        for (unit, scale) in units where text.hasSuffix(unit) {
            if let amount = Double(text.dropLast(unit.count)), amount >= 0 { return .milliseconds(Int(amount * scale * 1000)) }
        }
        throw fail("\(key) '\(text)' is not a duration such as 500ms, 3s or 2m")
    }

    /// "2h", "3d", "30m" ago; "never" or absent means never.
    private func age(_ value: Any?, _ key: String) throws -> Date? {
        guard let value else { return nil }
        if let date = value as? Date { return date }
        let text = "\(value)"
        if text == "never" { return nil }
        guard let unit = text.last, let amount = Double(text.dropLast()), let seconds = ["m": 60.0, "h": 3600, "d": 86_400][String(unit)] else {
            throw fail("\(key) '\(text)' is not an age such as 30m, 2h or 3d (or never)")
        }
        return now.addingTimeInterval(-amount * seconds)
    }
}

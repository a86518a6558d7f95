import Foundation
import PatchbayCore

/// The apply wizard: 1 servers → 2 patch type → 3 patches → 4 method → 5 confirmation → 6 done. Back and
/// forward keep every entry; Esc before the confirmation creates nothing.
public struct ApplyWizard: Sendable, Hashable {
    public enum Step: Int, Sendable, Hashable, CaseIterable {
        case servers = 1, patchType, patches, method, confirm, done
    }

    /// Which of the needed patches step 3 offers: by policy, all, or one classification.
    public enum PatchType: Sendable, Hashable {
        case required, recommended, all
        case classification(String)

        func admits(_ patch: NeededPatch) -> Bool {
            switch self {
            case .required: return patch.policy == .required
            case .recommended: return patch.policy == .recommended
            case .all: return true
            case .classification(let name): return patch.classification == name
            }
        }
    }

    public struct Request: Sendable, Hashable {
        public var servers: [String]
        public var updateIDs: [String]
        public var at: Date?
        public var reboot: Bool
        /// Names of scripts in the configured scripts folder ("" for none); their text goes with the job.
        public var preScript: String
        public var postScript: String

        public init(servers: [String], updateIDs: [String], at: Date?, reboot: Bool, preScript: String = "", postScript: String = "") {
            self.servers = servers
            self.updateIDs = updateIDs
            self.at = at
            self.reboot = reboot
            self.preScript = preScript
            self.postScript = postScript
        }
    }

    public enum Effect: Sendable, Hashable {
        case create(Request)
        case openMonitor(Int64)
        case close
    }

    public var step = Step.servers
    public let servers: [ServerRow]
    public let needed: [NeededPatch]
    public var chosenServers: Set<String>
    public var patchType = PatchType.required
    public var chosenPatches: Set<String> = []
    /// The cursor of the step's list (servers, patch types, patches, the method's lines).
    public internal(set) var list = ListCursor()
    public var cursor: Int { list.selected }
    public var startNow = true
    public var atText = ""
    /// The zone the start time was typed in, fixed with its first character: choosing other servers
    /// afterwards must not move the time the user meant.
    public var atZone: TimeZone?
    public var reboot = false
    public var preScript = ""
    public var postScript = ""
    public var message: WizardProblem?
    public var busy = false
    public var jobID: Int64?
    public let now: Date
    /// The console's own zone; servers without a recorded zone are taken to be in it.
    public let timeZone: TimeZone
    public let staleAfterDays: Int
    /// The scripts an operator may choose as pre/post script (names in the configured scripts folder).
    public let scripts: [String]
    /// Per server, the approved patches it still needs and how many of them are required (step 1's counts).
    let neededCounts: [String: Int]
    let requiredCounts: [String: Int]

    public init(servers: [ServerRow], needed: [NeededPatch], preselected: Set<String>, now: Date, timeZone: TimeZone = .current,
                staleAfterDays: Int = 7, scripts: [String] = []) {
        self.scripts = scripts
        neededCounts = needed.reduce(into: [:]) { $0[$1.server, default: 0] += 1 }
        requiredCounts = needed.filter { $0.policy == .required }.reduce(into: [:]) { $0[$1.server, default: 0] += 1 }
        self.servers = servers.filter(\.reported)
        self.needed = needed
        // A server that needs nothing would only lead to an empty patch step: it is offered, not chosen.
        let counts = neededCounts
        self.chosenServers = preselected.intersection(Set(self.servers.map(\.name))).filter { (counts[$0] ?? 0) > 0 }
        self.now = now
        self.timeZone = timeZone
        self.staleAfterDays = staleAfterDays
        // The cursor starts where the user pointed, chosen or not.
        list = ListCursor(selected: self.servers.firstIndex { preselected.contains($0.name) } ?? 0)
    }

    /// The method step's lines: now, at (a time), restart, pre-script, post-script.
    enum MethodLine: Int, CaseIterable { case now, at, reboot, preScript, postScript }

    var methodLine: MethodLine? { step == .method ? MethodLine(rawValue: cursor) : nil }

    /// What the confirmation warns about: chosen servers that stopped reporting to WSUS, and chosen patches
    /// a server has not downloaded from WSUS yet (the job then waits for the download, or fails if WSUS lacks the files).
    public func warnings(_ strings: ConsoleStrings) -> [String] {
        var result: [String] = []
        let chosen = chosenPatches
        for server in servers where chosenServers.contains(server.name) {
            if let last = server.lastReport, now.timeIntervalSince(last) > Double(staleAfterDays) * 86_400 {
                let days = Int(now.timeIntervalSince(last) / 86_400)
                result.append(strings.notReportingWarning(server.name, days: days))
            }
        }
        let undownloaded = needed.filter { chosenServers.contains($0.server) && chosen.contains($0.updateID) && $0.state == .notInstalled }
        for (server, items) in Dictionary(grouping: undownloaded, by: \.server).sorted(by: { $0.key < $1.key }) {
            result.append(strings.notDownloadedWarning(server, kbs: items.map(\.kb).sorted()))
        }
        return result
    }

    /// Step 2's choices: required, recommended, all, then each classification among the patches the chosen
    /// servers still need.
    public var patchTypes: [PatchType] {
        let classifications = Set(needed.filter { chosenServers.contains($0.server) }.map(\.classification)).filter { !$0.isEmpty }.sorted()
        return [.required, .recommended, .all] + classifications.map(PatchType.classification)
    }

    /// The approved patches still needed on the chosen servers, of the chosen type: each once, with its servers.
    public var offered: [(patch: NeededPatch, servers: [String])] {
        let matching = needed.filter { chosenServers.contains($0.server) && patchType.admits($0) }
        return Dictionary(grouping: matching, by: \.updateID).values
            .map { ($0[0], $0.map(\.server).sorted()) }
            .sorted { $0.0.kb < $1.0.kb }
    }

    var listCount: Int {
        switch step {
        case .servers: return servers.count
        case .patchType: return patchTypes.count
        case .patches: return offered.count
        case .method: return MethodLine.allCases.count
        default: return 0
        }
    }

    public static func created(_ state: ApplyWizard, jobID: Int64) -> ApplyWizard {
        var state = state
        state.busy = false
        state.jobID = jobID
        state.step = .done
        return state
    }

    public static func refused(_ state: ApplyWizard, _ refusal: Refusal) -> ApplyWizard {
        var state = state
        state.busy = false
        state.message = .refused(refusal)
        return state
    }
}

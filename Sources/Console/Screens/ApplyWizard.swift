import Foundation
import PatchbayCore

/// A patch one server still needs, as the wizard offers it.
public struct NeededPatch: Sendable, Hashable {
    public var server: String
    public var updateID: String
    public var kb: String
    public var title: String
    public var classification: String
    public var policy: PatchPolicy
    public var severity: String
    /// Its WSUS install state there: `.notInstalled` means the server has not downloaded it yet.
    public var state: InstallState

    public init(server: String, updateID: String, kb: String, title: String, classification: String, policy: PatchPolicy, severity: String,
                state: InstallState = .downloaded) {
        self.state = state
        self.server = server
        self.updateID = updateID
        self.kb = kb
        self.title = title
        self.classification = classification
        self.policy = policy
        self.severity = severity
    }
}

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
    public private(set) var list = ListCursor()
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
        let chosen = chosenServers
        list = ListCursor(selected: self.servers.firstIndex { chosen.contains($0.name) } ?? 0)
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

    func zone(of server: ServerRow) -> TimeZone {
        TimeZone(identifier: server.timeZone) ?? timeZone
    }

    /// The chosen servers grouped by their local time zone, zone names in order.
    var chosenZones: [(zone: TimeZone, servers: [String])] {
        let chosen = servers.filter { chosenServers.contains($0.name) }
        return Dictionary(grouping: chosen, by: { zone(of: $0).identifier })
            .map { (TimeZone(identifier: $0.key) ?? timeZone, $0.value.map(\.name).sorted()) }
            .sorted { $0.zone.identifier < $1.zone.identifier }
    }

    /// The zone a typed start time is read in: the one it was typed in, else the chosen servers' own zone
    /// when they share one (patch windows are agreed in the server's local time), else the console's.
    public var entryZone: TimeZone {
        if let atZone { return atZone }
        let zones = chosenZones
        return zones.count == 1 ? zones[0].zone : timeZone
    }

    /// The start time in the servers' local time and in UTC, e.g. "2026-12-01 22:00 Asia/Tokyo = 2026-12-01 13:00 UTC";
    /// with servers in several zones, then one line per zone naming its servers.
    func describe(_ date: Date) -> [String] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        func local(_ zone: TimeZone) -> String {
            formatter.timeZone = zone
            return "\(formatter.string(from: date)) \(zone.identifier)"
        }
        let entry = local(entryZone)
        formatter.timeZone = TimeZone(identifier: "UTC")
        var lines = ["\(entry) = \(formatter.string(from: date)) UTC"]
        let zones = chosenZones
        if zones.count > 1 {
            lines += zones.map { "  \(local($0.zone)): \($0.servers.joined(separator: ", "))" }
        }
        return lines
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

    public func startTime() -> Result<Date?, WizardProblem> {
        if startNow { return .success(nil) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = entryZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let text = atText.trimmingCharacters(in: .whitespaces)
        guard let date = formatter.date(from: text) else {
            // Well formed but unparsable: a local time the clocks skip when they go forward.
            if text.wholeMatch(of: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/) != nil, formatter.date(from: String(text.prefix(10)) + " 12:00") != nil {
                return .failure(.timeSkipped(zone: entryZone.identifier))
            }
            return .failure(.timeFormat)
        }
        guard date > now else { return .failure(.timeInPast) }
        return .success(date)
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

    /// Rows for the servers' and the patches' lists on a screen `height` rows high.
    public static func pageHeight(height: Int) -> Int { max(height - 5, 1) }

    public static func update(_ state: ApplyWizard, _ key: Key, pageHeight: Int = pageHeight(height: 24)) -> (ApplyWizard, Effect?) {
        var state = state
        if state.busy { return (state, nil) }
        if state.step == .done {
            if key == .character("m"), let id = state.jobID { return (state, .openMonitor(id)) }
            return (state, key == .enter || key == .escape || key == .character("q") ? .close : nil)
        }
        if let line = state.methodLine, let handled = state.edit(line, key) { return (handled, nil) }
        if let motion = ListCursor.motion(for: key) {
            state.list.move(motion, count: state.listCount, page: pageHeight)
            return (state, nil)
        }
        switch key {
        case .escape:
            return (state, .close)
        case .character(" "):
            state.toggle()
        case .character("a") where state.step == .patches:
            let all = Set(state.offered.map(\.patch.updateID))
            state.chosenPatches = state.chosenPatches == all ? [] : all
        case .tab where state.step == .method:
            state.list = ListCursor(selected: (state.cursor + 1) % state.listCount)
        case .left, .backspace:
            if let previous = Step(rawValue: state.step.rawValue - 1) { state.step = previous; state.list = ListCursor(); state.message = nil }
        case .enter, .right:
            return state.advance()
        default:
            break
        }
        return (state, nil)
    }

    /// Typing the start time: digits and separators go into it. Nil when the key is not for the field.
    func edit(_ line: MethodLine, _ key: Key) -> ApplyWizard? {
        var state = self
        switch (line, key) {
        case (.at, .character(let c)) where !startNow && (c.isNumber || c == "-" || c == ":" || c == " "):
            state.atZone = state.entryZone
            state.atText.append(c)
        case (.at, .backspace) where !startNow:
            _ = state.atText.popLast()
            if state.atText.isEmpty { state.atZone = nil }
        default: return nil
        }
        return state
    }

    /// Space on a script line: none → each offered script in turn → none.
    func nextScript(after current: String) -> String {
        let choices = [""] + scripts
        return choices[((choices.firstIndex(of: current) ?? 0) + 1) % choices.count]
    }

    mutating func toggle() {
        switch step {
        case .servers:
            guard cursor < servers.count else { return }
            let name = servers[cursor].name
            if chosenServers.contains(name) { chosenServers.remove(name) } else { chosenServers.insert(name) }
        case .patchType:
            patchType = patchTypes[cursor]
        case .patches:
            let offered = offered
            guard cursor < offered.count else { return }
            let id = offered[cursor].patch.updateID
            if chosenPatches.contains(id) { chosenPatches.remove(id) } else { chosenPatches.insert(id) }
        case .method:
            switch MethodLine(rawValue: cursor) {
            case .now?: startNow = true
            case .at?: startNow = false
            case .reboot?: reboot.toggle()
            case .preScript?: preScript = nextScript(after: preScript)
            case .postScript?: postScript = nextScript(after: postScript)
            case nil: break
            }
        default: break
        }
    }

    mutating func advance() -> (ApplyWizard, Effect?) {
        message = nil
        switch step {
        case .servers:
            guard !chosenServers.isEmpty else { message = .noServerChosen; return (self, nil) }
            step = .patchType
            list = ListCursor(selected: patchTypes.firstIndex(of: patchType) ?? 0)
        case .patchType:
            let types = patchTypes
            if cursor < types.count { patchType = types[cursor] }
            // Entering the list selects everything it offers; the user narrows it down from there.
            chosenPatches = Set(offered.map(\.patch.updateID))
            step = .patches
            list = ListCursor()
        case .patches:
            let offeredIDs = Set(offered.map(\.patch.updateID))
            chosenPatches.formIntersection(offeredIDs)
            guard !chosenPatches.isEmpty else { message = .noPatchChosen; return (self, nil) }
            step = .method
            list = ListCursor()
        case .method:
            if case .failure(let problem) = startTime() { message = problem; return (self, nil) }
            step = .confirm
        case .confirm:
            guard case .success(let at) = startTime() else { step = .method; return (self, nil) }
            busy = true
            let ids = offered.map(\.patch.updateID).filter { chosenPatches.contains($0) }
            return (self, .create(Request(servers: chosenServers.sorted(), updateIDs: ids, at: at, reboot: reboot,
                                          preScript: preScript, postScript: postScript)))
        case .done:
            return (self, .close)
        }
        return (self, nil)
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

    public static func render(_ state: ApplyWizard, strings: ConsoleStrings, width: Int, height: Int) -> Canvas {
        var canvas = Canvas(width: width, height: height)
        canvas.put("Patchbay — \(strings.applyWizard) (\(state.step.rawValue)/6) \(strings.stepName(state.step.rawValue))", row: 0, column: 1, role: .title)
        var y = 2
        func line(_ text: String, selected: Bool = false, role: StyleRole = .normal) {
            guard y < height - 2 else { return }
            canvas.put(text, row: y, column: 2, role: role)
            if selected { canvas.paint(row: y, role: .selection) }
            y += 1
        }
        // Explanations and the confirmation wrap instead of losing their ends at 80 columns.
        func note(_ text: String, role: StyleRole = .normal) {
            for part in DisplayWidth.wrap(text, width: width - 4) { line(part, role: role) }
        }
        switch state.step {
        case .servers:
            // What the wizard can apply: approved patches still needed.
            if state.servers.isEmpty { note(strings.wizardNoServers, role: .muted) }
            var list = state.list
            list.fit(count: state.servers.count, page: pageHeight(height: height))
            for index in list.window(count: state.servers.count, page: pageHeight(height: height)) {
                let server = state.servers[index]
                let count = state.neededCounts[server.name] ?? 0, required = state.requiredCounts[server.name] ?? 0
                line("[\(state.chosenServers.contains(server.name) ? "x" : " ")] \(DisplayWidth.pad(server.name, to: 14)) \(DisplayWidth.pad(server.tenant, to: 10)) "
                     + "\(strings.approvedNeeded): \(strings.requiredShort) \(required)  \(strings.recommendedShort) \(count - required)",
                     selected: index == state.cursor, role: count == 0 ? .muted : .normal)
            }
        case .patchType:
            for (index, type) in state.patchTypes.enumerated() {
                line("(\(state.patchType == type ? "*" : " ")) \(strings.patchType(type))", selected: index == state.cursor)
            }
        case .patches:
            let offered = state.offered
            if offered.isEmpty { note(strings.wizardNoPatches, role: .muted) }
            var list = state.list
            list.fit(count: offered.count, page: pageHeight(height: height))
            for index in list.window(count: offered.count, page: pageHeight(height: height)) {
                let item = offered[index]
                let head = "[\(state.chosenPatches.contains(item.patch.updateID) ? "x" : " ")] \(item.patch.kb)  \(strings.severity(item.patch.severity))  "
                    + "\(strings.policy(item.patch.policy))  \(strings.serverCount(item.servers.count))  "
                line(head + PatchTitle.fitted(item.patch.title, width: width - 3 - DisplayWidth.of(head)),
                     selected: index == state.cursor)
            }
        case .method:
            line("(\(state.startNow ? "*" : " ")) \(strings.now)", selected: state.cursor == 0)
            line("(\(state.startNow ? " " : "*")) \(strings.at): \(state.atText)▏ (YYYY-MM-DD HH:MM, \(state.entryZone.identifier))", selected: state.cursor == 1)
            line("[\(state.reboot ? "x" : " ")] \(strings.rebootAfter)", selected: state.cursor == 2)
            let none = state.scripts.isEmpty ? strings.noScripts : strings.noneWord
            line("\(strings.preScript): < \(state.preScript.isEmpty ? none : state.preScript) >", selected: state.cursor == 3)
            line("\(strings.postScript): < \(state.postScript.isEmpty ? none : state.postScript) >", selected: state.cursor == 4)
            if !state.startNow, case .success(let date?) = state.startTime() {
                for text in state.describe(date) { note(text, role: .muted) }
            }
            note(strings.scriptHint, role: .muted)
        case .confirm:
            let ids = state.chosenPatches
            let chosen = state.offered.filter { ids.contains($0.patch.updateID) }
            line("\(strings.serverCount(state.chosenServers.count)) × \(strings.patchCount(chosen.count))", role: .title)
            note("\(strings.serversWord): \(state.chosenServers.sorted().joined(separator: ", "))")
            note("\(strings.patchesWord): \(chosen.map(\.patch.kb).joined(separator: ", "))")
            var when = [strings.now]
            if case .success(let date?) = state.startTime() {
                when = state.describe(date)
                when[0] = "\(strings.at) \(when[0])"
            }
            for text in when { note(text) }
            line("\(strings.rebootAfter): \(state.reboot ? strings.yes : strings.no)")
            if !state.preScript.isEmpty { line("\(strings.preScript): \(state.preScript)") }
            if !state.postScript.isEmpty { line("\(strings.postScript): \(state.postScript)") }
            for warning in state.warnings(strings) { note("⚠ " + warning, role: .warning) }
            line(strings.enterCreates, role: .title)
        case .done:
            line(strings.jobCreated(state.jobID ?? 0), role: .success)
        }
        if state.busy { canvas.put(strings.loggingIn, row: height - 2, column: 1, role: .muted) }
        if let message = state.message {
            // A refusal and its fix take up to three lines; the wizard's own problems fit on one.
            let lines = DisplayWidth.wrap(strings.wizardMessage(message), width: width - 2).prefix(3)
            for (index, text) in lines.enumerated() {
                canvas.put(text, row: height - 1 - lines.count + index, column: 1, role: .error)
            }
        }
        canvas.put(state.step == .done ? "m \(strings.jobs)  Enter \(strings.close)" : "Space \(strings.choose)  Enter \(strings.next)  ← \(strings.back)  Esc \(strings.cancel)",
                   row: height - 1, column: 1, role: .hint)
        return canvas
    }
}

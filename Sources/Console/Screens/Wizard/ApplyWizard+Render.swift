import Foundation
import PatchbayCore

/// The wizard drawn: the step's list in a window that follows the cursor, the notes of the method and the
/// confirmation wrapped at the screen's width, the problem or refusal above the hint line.
extension ApplyWizard {
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
        canvas.put(keys(state).hints(width: width - 2, strings: strings), row: height - 1, column: 1, role: .hint)
        return canvas
    }
}

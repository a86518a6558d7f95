import PatchbayCore

/// Turns an install report into the patch-application process's result, in words an operator can act on.
enum InstallSummary {
    static func result(of report: InstallReport, server: String) -> AgentResult {
        var installed: [String] = []
        var pending: [String] = []
        var problems: [String] = []
        for item in report.items {
            switch item.outcome {
            case .installed: installed.append(item.kb)
            case .pendingReboot: pending.append(item.kb)
            case .failed(let hresult):
                problems.append("\(item.kb) failed with \(WindowsUpdateResult.describe(hresult))")
            case .notApplicable:
                problems.append("\(item.kb) no longer applies to \(server) (superseded or already covered); continue to pass over it")
            case .notDelivered:
                problems.append("\(item.kb) is approved in Patchbay but WSUS has not delivered it to \(server) yet: the server has not downloaded it."
                                + " Check that WSUS has downloaded the update's files and that the server has scanned since the approval"
                                + " (usoclient StartScan), then retry")
            }
        }
        var observed: [String: InstallState] = [:]
        for item in report.items { if let state = item.outcome.state { observed[item.updateID] = state } }
        var parts: [String] = []
        if !installed.isEmpty { parts.append("installed \(installed.joined(separator: ", "))") }
        if !pending.isEmpty { parts.append("installed \(pending.joined(separator: ", ")), waiting for a restart") }
        if problems.isEmpty {
            return AgentResult(succeeded: true, message: parts.isEmpty ? "nothing to install" : parts.joined(separator: "; "), output: report.output,
                               observed: observed)
        }
        return AgentResult(succeeded: false, message: (problems + parts).joined(separator: "; "), output: report.output, observed: observed)
    }
}

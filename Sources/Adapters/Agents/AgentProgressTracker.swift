import Services

/// Follows an install's `progress` and `result` events (docs/agent-protocol.md §3) and says, patch by patch in
/// the request's order, how far the install has got.
struct AgentProgressTracker {
    private(set) var items: [InstallProgress.Item]

    init(kbs: [String]) {
        items = kbs.map { InstallProgress.Item(kb: $0, phase: .waiting, percent: 0) }
    }

    /// The progress after `event`, or nil when the event says nothing about it.
    mutating func take(_ event: AgentEvent) -> InstallProgress? {
        switch event.name {
        case "progress":
            guard let kb = event.string("kb"), let current = items.firstIndex(where: { $0.kb == kb }) else { return nil }
            let percent = event.int("update_percent") ?? event.int("percent") ?? 0
            switch event.string("stage") {
            case "download":
                for index in items.indices where index < current && items[index].phase == .waiting { items[index].set(.downloaded, 100) }
                if items[current].phase == .waiting || items[current].phase == .downloading { items[current].set(.downloading, percent) }
            case "install":
                for index in items.indices where index < current && items[index].phase.isBefore(.installed) { items[index].set(.installed, 100) }
                for index in items.indices where index > current && items[index].phase.isBefore(.downloaded) { items[index].set(.downloaded, 100) }
                items[current].set(.installing, percent)
            default:
                return nil
            }
        case "result":
            guard let kb = event.string("kb"), let index = items.firstIndex(where: { $0.kb == kb }) else { return nil }
            switch event.string("result") {
            case "installed", "pending-reboot": items[index].set(.installed, 100)
            case "failed": items[index].set(.failed, 0)
            default: items[index].set(.skipped, 0)
            }
        default:
            return nil
        }
        return InstallProgress(items: items)
    }
}

private extension InstallProgress.Item {
    mutating func set(_ phase: InstallProgress.Phase, _ percent: Int) {
        self.phase = phase
        self.percent = min(max(percent, 0), 100)
    }
}

private extension InstallProgress.Phase {
    func isBefore(_ other: InstallProgress.Phase) -> Bool {
        let order: [InstallProgress.Phase] = [.waiting, .downloading, .downloaded, .installing, .installed]
        guard let mine = order.firstIndex(of: self), let theirs = order.firstIndex(of: other) else { return false }
        return mine < theirs
    }
}

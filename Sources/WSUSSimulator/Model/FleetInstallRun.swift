import Foundation

/// One install request under way on a simulated server, paced like the Windows Update Agent: every update
/// is downloaded, one after the other, then every update is installed, then the server restarts if asked.
/// Progress is read from the clock, so nothing has to tick while it runs.
public struct FleetInstallRun: Sendable, Hashable {
    public struct Step: Sendable, Hashable {
        public var updateID: String
        public var kb: String
    }

    public enum Phase: String, Sendable, Hashable {
        case waiting, downloading, downloaded, installing, installed
    }

    public struct Progress: Sendable, Hashable {
        public var updateID: String
        public var kb: String
        public var phase: Phase
        /// 0…100 within the phase (downloading or installing); 100 once the phase is over.
        public var percent: Int
    }

    public var startedAt: Date
    public var steps: [Step]
    public var download: Duration
    public var install: Duration
    public var reboot: Duration

    public var duration: Duration { (download + install) * steps.count + reboot }

    /// Each update's phase at `now`.
    public func progress(at now: Date) -> [Progress] {
        let elapsed = max(now.timeIntervalSince(startedAt), 0)
        let downloadSeconds = Self.seconds(download), installSeconds = Self.seconds(install)
        let downloadsEnd = downloadSeconds * Double(steps.count)
        return steps.enumerated().map { index, step in
            let downloadStart = downloadSeconds * Double(index)
            let installStart = downloadsEnd + installSeconds * Double(index)
            let (phase, percent): (Phase, Int)
            if elapsed >= installStart + installSeconds {
                (phase, percent) = (.installed, 100)
            } else if elapsed >= installStart {
                (phase, percent) = (.installing, Self.percent(elapsed - installStart, of: installSeconds))
            } else if elapsed >= downloadStart + downloadSeconds {
                (phase, percent) = (.downloaded, 100)
            } else if elapsed >= downloadStart {
                (phase, percent) = (.downloading, Self.percent(elapsed - downloadStart, of: downloadSeconds))
            } else {
                (phase, percent) = (.waiting, 0)
            }
            return Progress(updateID: step.updateID, kb: step.kb, phase: phase, percent: percent)
        }
    }

    /// Whether the server is restarting at `now` (the updates are in, the restart is not over).
    public func restarting(at now: Date) -> Bool {
        reboot > .zero && now.timeIntervalSince(startedAt) >= Self.seconds((download + install) * steps.count)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func percent(_ part: Double, of whole: Double) -> Int {
        whole > 0 ? min(Int(part / whole * 100), 99) : 100
    }
}

import PatchbayCore
import Testing

@Suite("Install states")
struct InstallStateTests {
    @Test("one definition of needed, installed, failure and attention")
    func meanings() {
        #expect(InstallState.allCases.filter(\.isNeeded) == [.notInstalled, .downloaded, .failed])
        #expect(InstallState.allCases.filter(\.isInstalled) == [.installed, .pendingReboot])
        #expect(InstallState.allCases.filter(\.isFailure) == [.failed])
        #expect(InstallState.allCases.filter(\.needsAttention) == [.failed, .pendingReboot, .notReportedYet])
    }

    @Test("the stable names are the CMDB's and the CLI's values")
    func names() {
        #expect(InstallState.allCases.map(\.rawValue) == ["not-installed", "downloaded", "failed", "installed", "pending-reboot",
                                                          "not-applicable", "unknown", "not-reported-yet"])
    }
}

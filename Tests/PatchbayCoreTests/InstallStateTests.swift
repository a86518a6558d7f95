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

@Suite("Approval states")
struct ApprovalStateTests {
    @Test("install wins over uninstall over block; a declined update is declined whatever its approvals")
    func precedence() {
        #expect(ApprovalState.of(actions: ["block", "install"], declined: false) == .approved)
        #expect(ApprovalState.of(actions: ["block", "uninstall"], declined: false) == .uninstall)
        #expect(ApprovalState.of(actions: ["block"], declined: false) == .blocked)
        #expect(ApprovalState.of(actions: [], declined: false) == .notApproved)
        #expect(ApprovalState.of(actions: ["install"], declined: true) == .declined)
        #expect(ApprovalState.allCases.map(\.rawValue) == ["approved", "not-approved", "declined", "uninstall", "blocked"])
    }
}

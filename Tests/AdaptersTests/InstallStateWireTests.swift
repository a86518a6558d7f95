import PatchbayCore
@testable import Adapters
import Services
import Testing
import WSUSWire

@Suite("WSUS install states, mapped once")
struct InstallStateWireTests {
    @Test("every wire value has its domain state; none is 'not reported yet', which WSUS never sends")
    func mapping() {
        let mapped = InstallationState.allCases.map(InstallState.init(wire:))
        #expect(mapped == [.unknown, .notApplicable, .notInstalled, .downloaded, .installed, .failed, .pendingReboot])
        #expect(InstallationState.allCases.filter { InstallState(wire: $0).isNeeded } == [.notInstalled, .downloaded, .failed])
    }
}

import Console
import PatchbayCore
import Testing

@Suite("Console: status view")
struct StatusScreenTests {
    @Test("bars in proportion per tenant and server, figures, compliance rate and servers not reported yet")
    func render() {
        let tenants = [StatusCounts(name: "acme", installed: 6, needed: 3, failed: 1, pendingReboot: 0, notReported: 1, compliance: 0.6)]
        let servers = [StatusCounts(name: "ACME-WEB01", installed: 5, needed: 0, failed: 0, pendingReboot: 5, notReported: 0, compliance: 1),
                       StatusCounts(name: "ACME-FS01", installed: 0, needed: 0, failed: 0, pendingReboot: 0, notReported: 1, compliance: nil)]
        let state = StatusScreen(tenants: tenants, servers: servers)
        let lines = StatusScreen.render(state, strings: ConsoleStrings(.en), user: "acme-admin", width: 100, height: 24).text
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let acme = lines.first { $0.hasPrefix(" acme") } ?? ""
        #expect(acme.contains(String(repeating: "█", count: 22) + String(repeating: "▓", count: 10) + String(repeating: "✗", count: 4)), "\(acme)")
        #expect(acme.contains("6/3/1/0  compliance 60%  not reported yet 1"))
        let web = lines.first { $0.contains("ACME-WEB01") } ?? ""
        #expect(web.contains(String(repeating: "█", count: 18) + String(repeating: "░", count: 18)) && web.contains("compliance 100%"))
        #expect(lines.first { $0.contains("ACME-FS01") }?.contains("compliance -  not reported yet") == true)
        #expect(StatusScreen.update(state, .escape, pageHeight: 19).1 == .back)
        let withSources = StatusScreen.render(state, strings: ConsoleStrings(.en), user: "acme-admin", width: 100, height: 24,
                                              sources: "CMDB sqlite:/var/lib/patchbay/cmdb.sqlite  WSUS wsus01").text
        #expect(withSources.split(separator: "\n", omittingEmptySubsequences: false)[22].contains("CMDB sqlite:/var/lib/patchbay/cmdb.sqlite  WSUS wsus01"), "after login, the status view says where its figures come from")
    }
}

import PatchbayCore
import Testing

@Suite struct ServerComputerMatchTests {
    typealias S = ServerComputerMatch.Server
    typealias C = ServerComputerMatch.Computer

    static let computers = [
        C(key: 1, fullDomainName: "ACME-WEB01.acme.example", ipAddress: "192.0.2.11", lastReportedAt: "2026-12-01T10:00:00.000Z"),
        C(key: 2, fullDomainName: "acme-db01.acme.example", ipAddress: "192.0.2.14", lastReportedAt: nil),
        // The same machine rebuilt: it reported later, so it is the one that reports for the server now.
        C(key: 3, fullDomainName: "acme-db01.acme.example", ipAddress: "192.0.2.99", lastReportedAt: "2026-12-02T10:00:00.000Z"),
        C(key: 4, fullDomainName: "glx-web01.globex.example", ipAddress: "198.51.100.21", lastReportedAt: "2026-12-01T10:00:00.000Z"),
    ]

    @Test func wsusNameFirstThenHostNameThenAddress() {
        let servers = [
            S(id: 10, wsusComputerName: "acme-web01.ACME.example", hostName: "ignored", ipAddress: "203.0.113.1"),
            S(id: 11, wsusComputerName: "", hostName: "ACME-DB01", ipAddress: "203.0.113.2"),
            S(id: 12, wsusComputerName: "", hostName: "", ipAddress: "198.51.100.21"),
            S(id: 13, wsusComputerName: "", hostName: "glx-web01.globex", ipAddress: "203.0.113.4"),
        ]
        let matched = ServerComputerMatch.match(servers, Self.computers)
        #expect(matched[10] == .some(1), "the WSUS computer name, any case")
        #expect(matched[11] == .some(3), "a host name is the first label; the computer that reported last wins")
        #expect(matched[12] == .some(4), "no names: the address")
        #expect(matched[13] == .some(4), "a host name may be several leading labels")
    }

    @Test func aNameThatIsGivenIsNotFallenBackFrom() {
        let servers = [
            S(id: 20, wsusComputerName: "nothere.acme.example", hostName: "acme-web01", ipAddress: "192.0.2.11"),
            S(id: 21, wsusComputerName: "", hostName: "acme", ipAddress: "192.0.2.11"),
            S(id: 22, wsusComputerName: "", hostName: "acme-web01.acme.ex", ipAddress: "192.0.2.11"),
            S(id: 23, wsusComputerName: "", hostName: "", ipAddress: "192.0.2.250"),
        ]
        let matched = ServerComputerMatch.match(servers, Self.computers)
        #expect(matched.count == 4)
        #expect(matched.values.allSatisfy { $0 == nil }, "a WSUS name or host name that matches nothing leaves the server unlinked; labels match whole")
    }

    @Test func aComputerThatNeverReportedComesLastAndTiesGoToTheOlderRow() {
        let quiet = C(key: 7, fullDomainName: "app01.corp.example", ipAddress: "10.0.0.1", lastReportedAt: nil)
        let older = C(key: 8, fullDomainName: "app01.corp.example", ipAddress: "10.0.0.2", lastReportedAt: "2026-12-01T10:00:00.000Z")
        let newer = C(key: 9, fullDomainName: "app01.corp.example", ipAddress: "10.0.0.3", lastReportedAt: "2026-12-01T10:00:00.000Z")
        let server = S(id: 30, wsusComputerName: "app01.corp.example", hostName: "", ipAddress: "10.0.0.9")
        #expect(ServerComputerMatch.match([server], [quiet, newer, older])[30] == .some(8))
        #expect(ServerComputerMatch.match([server], [quiet])[30] == .some(7))
    }
}

import PatchbayCore
import Testing

@Suite("IP addresses")
struct IPAddressTests {
    @Test("valid IPv4 and IPv6 addresses come back in canonical form")
    func valid() {
        #expect(IPAddress.canonical("192.0.2.10") == "192.0.2.10")
        #expect(IPAddress.canonical("2001:DB8:0:0::1") == "2001:db8::1")
        #expect(IPAddress.canonical("::1") == "::1")
    }

    @Test("invalid addresses are refused", arguments: ["10.0.0.300", "10.0.0", "host.example", "", "1.2.3.4/24", "2001:db8::g"])
    func invalid(text: String) {
        #expect(IPAddress.canonical(text) == nil)
    }
}

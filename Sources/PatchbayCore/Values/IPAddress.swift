#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Validation and canonical form of IPv4 / IPv6 addresses, as servers are registered by address.
public enum IPAddress {
    /// The canonical text of `text` if it is an IPv4 or IPv6 address, else nil.
    /// Canonical means the same address always compares equal ("2001:DB8::0:1" → "2001:db8::1").
    public static func canonical(_ text: String) -> String? {
        if let v4 = convert(text, family: AF_INET, size: 4) { return v4 }
        return convert(text, family: AF_INET6, size: 16)
    }

    private static func convert(_ text: String, family: Int32, size: Int) -> String? {
        var buffer = [UInt8](repeating: 0, count: size)
        guard inet_pton(family, text, &buffer) == 1 else { return nil }
        var output = [CChar](repeating: 0, count: 64)
        guard inet_ntop(family, buffer, &output, socklen_t(output.count)) != nil else { return nil }
        return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

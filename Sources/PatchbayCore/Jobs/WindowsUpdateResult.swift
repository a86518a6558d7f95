/// Windows Update Agent result codes (HRESULTs) with what they mean for an operator. Agents report the
/// code; people see the explanation next to it.
public enum WindowsUpdateResult {
    public struct Explanation: Sendable, Hashable {
        public var code: UInt32
        public var name: String
        public var meaning: String
    }

    static let known: [UInt32: (String, String)] = [
        0x8024_0022: ("WU_E_ALL_UPDATES_FAILED", "every update in the install run failed"),
        0x8024_0016: ("WU_E_INSTALL_NOT_ALLOWED", "another installation is in progress or a restart is pending; try again after it finishes or after a restart"),
        0x8024_0017: ("WU_E_NOT_APPLICABLE", "the update does not apply to this server"),
        0x8024_0020: ("WU_E_NO_INTERACTIVE_USER", "the update needs an interactive user session"),
        0x8024_001E: ("WU_E_SERVICE_STOP", "the Windows Update service was stopping or the system was shutting down"),
        0x8024_200D: ("WU_E_UH_NEEDANOTHERDOWNLOAD", "the update needs more data to be downloaded before it can install"),
        0x8024_2016: ("WU_E_UH_POSTREBOOTUNEXPECTEDSTATE", "the update was in an unexpected state after the restart"),
        0x8024_401C: ("WU_E_PT_HTTP_STATUS_REQUEST_TIMEOUT", "the server's request to WSUS timed out"),
        0x8024_402C: ("WU_E_PT_WINHTTP_NAME_NOT_RESOLVED", "the server cannot resolve the WSUS host name (check DNS and the WSUS URL in group policy)"),
        0x8024_4019: ("WU_E_PT_HTTP_STATUS_NOT_FOUND", "WSUS does not have the requested content (check that the update is approved and downloaded on WSUS)"),
        0x8024_6007: ("WU_E_DM_NOTDOWNLOADED", "the update has not been downloaded to the server yet"),
        0x8007_0005: ("E_ACCESSDENIED", "access denied: the installer lacked the rights it needed"),
        0x8007_0643: ("ERROR_INSTALL_FAILURE", "a fatal error occurred during installation (see the CBS and MSI logs on the server)"),
        0x8007_0BC9: ("ERROR_FAIL_REBOOT_REQUIRED", "a previous installation needs a restart before anything else can install"),
        0x8007_3712: ("ERROR_SXS_COMPONENT_STORE_CORRUPT", "the component store is corrupt (repair it with DISM /RestoreHealth)"),
        0x8007_0070: ("ERROR_DISK_FULL", "the server's disk is full"),
        0x800F_0922: ("CBS_E_INSTALLERS_FAILED", "an installer failed, often because the System Reserved partition is too small or a VPN blocks the connection"),
        0x8007_2EE2: ("ERROR_INTERNET_TIMEOUT", "the connection to WSUS timed out"),
        0x8007_2EFD: ("ERROR_INTERNET_CANNOT_CONNECT", "the server cannot connect to WSUS"),
    ]

    /// The explanation for `code`, or a generic one that still shows the code.
    public static func explain(_ code: UInt32) -> Explanation {
        if let (name, meaning) = known[code] { return Explanation(code: code, name: name, meaning: meaning) }
        return Explanation(code: code, name: "unknown", meaning: "Windows Update reported an error this table does not describe; search for the code in Microsoft's documentation")
    }

    /// "0x80070643 ERROR_INSTALL_FAILURE: a fatal error occurred during installation (…)"
    public static func describe(_ code: UInt32) -> String {
        let explanation = explain(code)
        return "\(hex(code)) \(explanation.name): \(explanation.meaning)"
    }

    public static func hex(_ code: UInt32) -> String {
        "0x" + String(code, radix: 16, uppercase: true).leftPadded(to: 8)
    }

    /// Reads "0x80070643", "80070643" or a signed decimal (-2147023293).
    public static func parse(_ text: String) -> UInt32? {
        let trimmed = text.lowercased().hasPrefix("0x") ? String(text.dropFirst(2)) : text
        if let value = UInt32(trimmed, radix: 16), trimmed.count == 8 { return value }
        if let signed = Int32(text) { return UInt32(bitPattern: signed) }
        return nil
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

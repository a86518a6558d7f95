/// The install-state names the patch status uses, shared by the services, the console and mail.
public enum InstallStateNames {
    /// A server WSUS has not seen report yet (it has no states at all).
    public static let notReportedYet = "not-reported-yet"
    /// States in which an approved patch still has to be applied.
    public static let stillNeeded: Set<String> = ["not-installed", "downloaded", "failed"]
}

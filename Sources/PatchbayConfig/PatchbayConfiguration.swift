import Foundation
import PatchbayCore

/// Everything the YAML configuration file says, validated. Paths are absolute (relative ones are taken
/// from the configuration file's folder); secrets are not here, only the files that hold them.
public struct PatchbayConfiguration: Sendable, Hashable {
    public static let defaultPath = "/etc/patchbay/patchbay.yaml"
    public static let environmentVariable = "PATCHBAY_CONFIG"

    public var sourcePath: String
    public var cmdb: CMDBLocation
    public var wsus: [WSUSServerConfiguration]
    public var smtp: SMTPConfiguration?
    public var schedules: ScheduleConfiguration
    public var ui: UIConfiguration
    public var jobs: JobsConfiguration
    public var mail: MailConfiguration
    public var daemon: DaemonConfiguration

    public init(sourcePath: String, cmdb: CMDBLocation, wsus: [WSUSServerConfiguration] = [],
                smtp: SMTPConfiguration? = nil, schedules: ScheduleConfiguration = .init(), ui: UIConfiguration = .init(),
                jobs: JobsConfiguration = .init(), mail: MailConfiguration = .init(),
                daemon: DaemonConfiguration = .init()) {
        self.sourcePath = sourcePath
        self.cmdb = cmdb
        self.wsus = wsus
        self.smtp = smtp
        self.schedules = schedules
        self.ui = ui
        self.jobs = jobs
        self.mail = mail
        self.daemon = daemon
    }
}

public enum CMDBLocation: Sendable, Hashable {
    case sqlite(path: String)
    case postgres(PostgresConfiguration)
}

/// `cmdb: {postgres: {url, password_file, tls, ca_file, pool}}`.
public struct PostgresConfiguration: Sendable, Hashable {
    public var url: PostgresURL
    /// A private file holding the password (never the URL, never the YAML).
    public var passwordFile: String
    public var tls: PostgresTLS
    public var caFile: String?
    /// Connections one process keeps at most.
    public var pool: Int

    public init(url: PostgresURL, passwordFile: String, tls: PostgresTLS = .disable, caFile: String? = nil, pool: Int = 8) {
        self.url = url
        self.passwordFile = passwordFile
        self.tls = tls
        self.caFile = caFile
        self.pool = pool
    }
}

public struct WSUSServerConfiguration: Sendable, Hashable {
    public enum Authentication: String, Sendable, Hashable, CaseIterable {
        case ntlm, negotiate, basic
    }

    public var name: String
    /// Base address such as https://wsus01.corp.example:8531; the ApiRemoting30 path is implied.
    public var url: URL
    public var username: String
    public var passwordFile: String
    public var caFile: String?
    public var authentication: Authentication
    public var schedule: CronSchedule?
    public var timeoutSeconds: Int
    /// Connections discovery opens to this server for the per-computer install-state calls (1 to 16).
    public var connections: Int = WSUSServerConfiguration.defaultConnections

    public static let defaultConnections = 4
}

public struct SMTPConfiguration: Sendable, Hashable {
    public enum Security: String, Sendable, Hashable, CaseIterable {
        case starttls, tls, none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var passwordFile: String?
    public var from: String
    public var caFile: String?
    public var timeoutSeconds: Int
}

public struct ScheduleConfiguration: Sendable, Hashable {
    /// When the daemon runs discovery for WSUS servers that have no schedule of their own.
    public var discovery: CronSchedule?

    public init(discovery: CronSchedule? = nil) {
        self.discovery = discovery
    }
}

public struct UIConfiguration: Sendable, Hashable {
    public var theme: String
    public var language: Language?
    public var lockoutAttempts: Int
    public var lockoutMinutes: Int
    public var staleAfterDays: Int
    /// A console session with no key for this long ends (0: never).
    public var idleMinutes: Int
    /// The operator's own theme files (`ui.themes_dir`), offered beside the shipped ones.
    public var themesDir: String?

    public init(theme: String = "default", language: Language? = nil, lockoutAttempts: Int = 5,
                lockoutMinutes: Int = 15, staleAfterDays: Int = 7, idleMinutes: Int = 30) {
        self.idleMinutes = idleMinutes
        self.theme = theme
        self.language = language
        self.lockoutAttempts = lockoutAttempts
        self.lockoutMinutes = lockoutMinutes
        self.staleAfterDays = staleAfterDays
    }
}

import Foundation
import PatchbayCore

/// Reads each section of the configuration into its typed form.
struct SectionReader {
    let folder: String

    func cmdb(_ node: ConfigNode) throws -> CMDBLocation {
        let mapping = try node.mapping(allowing: ["sqlite", "postgres"])
        switch (mapping["sqlite"], mapping["postgres"]) {
        case (let sqlite?, nil):
            return .sqlite(path: ConfigurationLoader.absolutePath(try sqlite.string(), relativeTo: folder))
        case (nil, let postgres?):
            return .postgres(try self.postgres(postgres))
        default:
            throw node.error("name exactly one database", fix: "write 'cmdb: {sqlite: /var/lib/patchbay/cmdb.sqlite}'")
        }
    }

    private func postgres(_ node: ConfigNode) throws -> PostgresConfiguration {
        let m = try node.mapping(allowing: ["url", "password_file", "tls", "ca_file", "pool"])
        let urlNode = try m.required("url", example: "postgres://patchbay@db01.corp.example:5432/patchbay")
        let text = try urlNode.string()
        guard let url = PostgresURL(text) else {
            let secret = URLComponents(string: text)?.password != nil
            throw urlNode.error(secret ? "the URL holds a password" : "'\(text)' is not a PostgreSQL URL",
                                fix: secret ? "remove it from the URL and put it in the file password_file names (chmod 600)"
                                            : "write postgres://USER@HOST:PORT/DATABASE, e.g. postgres://patchbay@db01.corp.example:5432/patchbay")
        }
        var configuration = PostgresConfiguration(url: url, passwordFile: try secretFile(try m.required("password_file", example: "/etc/patchbay/cmdb.password")))
        configuration.tls = try m["tls"]?.choice(PostgresTLS.self) ?? configuration.tls
        configuration.caFile = try m["ca_file"].map(existingFile)
        if configuration.tls == .verifyFull && configuration.caFile == nil {
            throw node.error("tls: verify-full needs the authority that signed the server's certificate", fix: "add ca_file: /etc/patchbay/cmdb-ca.pem")
        }
        configuration.pool = try m["pool"]?.int(in: 2...200) ?? configuration.pool
        return configuration
    }

    func wsusList(_ node: ConfigNode) throws -> [WSUSServerConfiguration] {
        var servers: [WSUSServerConfiguration] = []
        for item in try node.sequence() {
            let server = try wsus(item)
            if servers.contains(where: { $0.name == server.name }) {
                throw item.error("a second WSUS server is named '\(server.name)'", fix: "give each WSUS entry its own name")
            }
            servers.append(server)
        }
        return servers
    }

    private func wsus(_ node: ConfigNode) throws -> WSUSServerConfiguration {
        let m = try node.mapping(allowing: ["name", "url", "username", "password_file", "ca_file", "auth", "schedule", "timeout_seconds",
                                                   "connections"])
        let urlNode = try m.required("url", example: "https://wsus01.corp.example:8531")
        let urlText = try urlNode.string()
        guard let url = URL(string: urlText), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host?.isEmpty == false, url.path.isEmpty || url.path == "/", url.query == nil else {
            throw urlNode.error("'\(urlText)' is not a WSUS base address",
                                fix: "write the scheme, host and port only, e.g. https://wsus01.corp.example:8531 (the ApiRemoting30 path is added by Patchbay)")
        }
        let connections = try m["connections"]?.int(in: 1...16) ?? WSUSServerConfiguration.defaultConnections
        let authentication = try m["auth"]?.choice(WSUSServerConfiguration.Authentication.self) ?? .ntlm
        if authentication == .basic && scheme != "https", let authNode = m["auth"] {
            throw authNode.error("basic authentication would send the password in clear text over http", fix: "use an https:// url, or auth: ntlm")
        }
        return WSUSServerConfiguration(
            name: try m.required("name", example: "wsus01").string(),
            url: url,
            username: try m.required("username", example: "CORP\\svc-patchbay").string(),
            passwordFile: try secretFile(m.required("password_file", example: "/etc/patchbay/wsus01.password")),
            caFile: try m["ca_file"].map(existingFile),
            authentication: authentication,
            schedule: try m["schedule"].map(schedule),
            timeoutSeconds: try m["timeout_seconds"]?.int(in: 120...3600) ?? 300,
            connections: connections)
    }

    func smtp(_ node: ConfigNode) throws -> SMTPConfiguration {
        let m = try node.mapping(allowing: ["host", "port", "security", "username", "password_file", "from", "ca_file", "timeout_seconds"])
        let security = try m["security"]?.choice(SMTPConfiguration.Security.self) ?? .starttls
        let defaultPort = security == .tls ? 465 : 587
        let username = try m["username"]?.string()
        let passwordFile = try m["password_file"].map(secretFile)
        if (username == nil) != (passwordFile == nil) {
            throw node.error("username and password_file go together", fix: "give both for an authenticated SMTP server, or neither")
        }
        let fromNode = try m.required("from", example: "patchbay@corp.example")
        let from = try fromNode.string()
        guard from.split(separator: "@").count == 2 else {
            throw fromNode.error("'\(from)' is not an e-mail address", fix: "write it as patchbay@corp.example")
        }
        return SMTPConfiguration(
            host: try m.required("host", example: "smtp.corp.example").string(),
            port: try m["port"]?.int(in: 1...65535) ?? defaultPort,
            security: security, username: username, passwordFile: passwordFile, from: from,
            caFile: try m["ca_file"].map(existingFile),
            timeoutSeconds: try m["timeout_seconds"]?.int(in: 1...600) ?? 60)
    }

    func schedules(_ node: ConfigNode) throws -> ScheduleConfiguration {
        let m = try node.mapping(allowing: ["discovery"])
        return ScheduleConfiguration(discovery: try m["discovery"].map(schedule))
    }

    /// A folder named in the configuration (relative to the configuration's own folder), which must exist.
    func existingFolder(_ node: ConfigNode, what: String, key: String) throws -> String {
        let path = ConfigurationLoader.absolutePath(try node.string(), relativeTo: folder)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw node.error("the \(what) \(path) does not exist", fix: "create it, or remove '\(key)'")
        }
        return path
    }

    func ui(_ node: ConfigNode) throws -> UIConfiguration {
        let m = try node.mapping(allowing: ["theme", "themes_dir", "language", "lockout", "stale_after_days", "idle_minutes"])
        var ui = UIConfiguration()
        if let theme = m["theme"] {
            let name = try theme.string()
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw theme.error("'\(name)' is not a theme name", fix: "use the name of a shipped theme or of a file in 'themes_dir' without .yaml, e.g. dark")
            }
            ui.theme = name
        }
        ui.themesDir = try m["themes_dir"].map { try existingFolder($0, what: "themes folder", key: "themes_dir") }
        ui.language = try m["language"]?.choice(Language.self)
        if let lockout = m["lockout"] {
            let l = try lockout.mapping(allowing: ["attempts", "minutes"])
            ui.lockoutAttempts = try l["attempts"]?.int(in: 1...100) ?? ui.lockoutAttempts
            ui.lockoutMinutes = try l["minutes"]?.int(in: 1...1440) ?? ui.lockoutMinutes
        }
        ui.staleAfterDays = try m["stale_after_days"]?.int(in: 1...365) ?? ui.staleAfterDays
        ui.idleMinutes = try m["idle_minutes"]?.int(in: 0...1440) ?? ui.idleMinutes
        return ui
    }

    func jobs(_ node: ConfigNode) throws -> JobsConfiguration {
        let m = try node.mapping(allowing: ["agent", "concurrency", "per_tenant", "lease_seconds", "poll_seconds", "verify_interval_seconds", "ssh",
                                                    "scripts_dir", "max_restarts", "agent_run_as"])
        var jobs = JobsConfiguration()
        jobs.agent = try m["agent"]?.choice(JobsConfiguration.Agent.self) ?? jobs.agent
        jobs.concurrency = try m["concurrency"]?.int(in: 1...256) ?? jobs.concurrency
        jobs.perTenant = try m["per_tenant"]?.int(in: 1...256) ?? jobs.perTenant
        jobs.leaseSeconds = try m["lease_seconds"]?.int(in: 2...3600) ?? jobs.leaseSeconds
        jobs.pollSeconds = try m["poll_seconds"]?.int(in: 1...300) ?? jobs.pollSeconds
        jobs.verifyIntervalSeconds = try m["verify_interval_seconds"]?.int(in: 1...600) ?? jobs.verifyIntervalSeconds
        jobs.maxRestarts = try m["max_restarts"]?.int(in: 0...20) ?? jobs.maxRestarts
        jobs.agentRunAs = try m["agent_run_as"]?.choice(JobsConfiguration.RunAs.self) ?? jobs.agentRunAs
        jobs.scriptsDir = try m["scripts_dir"].map { try existingFolder($0, what: "scripts folder", key: "scripts_dir") }
        if let sshNode = m["ssh"] {
            let s = try sshNode.mapping(allowing: ["user", "port", "identity_file", "known_hosts_file", "connect_timeout_seconds", "command",
                                                   "operation_timeout_seconds", "reboot_timeout_seconds", "reconnect_seconds"])
            jobs.ssh.user = try s["user"]?.string() ?? jobs.ssh.user
            jobs.ssh.port = try s["port"]?.int(in: 1...65535) ?? jobs.ssh.port
            jobs.ssh.identityFile = try s["identity_file"].map(secretFile)
            jobs.ssh.knownHostsFile = try s["known_hosts_file"].map(existingFile)
            jobs.ssh.connectTimeoutSeconds = try s["connect_timeout_seconds"]?.int(in: 1...600) ?? jobs.ssh.connectTimeoutSeconds
            jobs.ssh.command = try s["command"]?.string()
            jobs.ssh.operationTimeoutSeconds = try s["operation_timeout_seconds"]?.int(in: 10...86400) ?? jobs.ssh.operationTimeoutSeconds
            jobs.ssh.rebootTimeoutSeconds = try s["reboot_timeout_seconds"]?.int(in: 10...7200) ?? jobs.ssh.rebootTimeoutSeconds
            jobs.ssh.reconnectSeconds = try s["reconnect_seconds"]?.int(in: 1...600) ?? jobs.ssh.reconnectSeconds
        }
        return jobs
    }

    func daemon(_ node: ConfigNode) throws -> DaemonConfiguration {
        let m = try node.mapping(allowing: ["host_id"])
        var daemon = DaemonConfiguration()
        if let id = m["host_id"] {
            let text = try id.string()
            guard DaemonConfiguration.isValidHostID(text) else {
                throw id.error("host_id is not a host id (\(text.unicodeScalars.count) characters, not all of them letters, digits, '.', '-' or '_')",
                               fix: "use at most 64 letters, digits, '.', '-' or '_', different on each host of the CMDB, e.g. mgmt01")
            }
            daemon.hostID = text
        }
        return daemon
    }

    func mail(_ node: ConfigNode) throws -> MailConfiguration {
        let m = try node.mapping(allowing: ["templates_dir", "max_attempts", "retry_seconds", "poll_seconds"])
        var mail = MailConfiguration()
        if let dir = m["templates_dir"] {
            let path = ConfigurationLoader.absolutePath(try dir.string(), relativeTo: folder)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw dir.error("\(path) is not a folder", fix: "point it at a folder with en/ and ja/ template files")
            }
            mail.templatesDir = path
        }
        mail.maxAttempts = try m["max_attempts"]?.int(in: 1...100) ?? mail.maxAttempts
        mail.retrySeconds = try m["retry_seconds"]?.int(in: 1...86400) ?? mail.retrySeconds
        mail.pollSeconds = try m["poll_seconds"]?.int(in: 1...3600) ?? mail.pollSeconds
        return mail
    }

    private func schedule(_ node: ConfigNode) throws -> CronSchedule {
        let text = try node.string()
        do {
            return try CronSchedule(text)
        } catch {
            throw node.error(error.description, fix: "write five fields, e.g. \"0 */2 * * *\" for every two hours")
        }
    }

    private func existingFile(_ node: ConfigNode) throws -> String {
        let path = ConfigurationLoader.absolutePath(try node.string(), relativeTo: folder)
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw PatchbayError.fileError("\(node.path): cannot read \(path)", fix: "check the path and its permissions")
        }
        return path
    }

    /// Secret files must exist and be private to their owner: a password others can read is no secret.
    private func secretFile(_ node: ConfigNode) throws -> String {
        let path = try existingFile(node)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let permissions = attributes[.posixPermissions] as? Int else {
            throw PatchbayError.fileError("\(node.path): cannot inspect \(path)", fix: "check the path and its permissions")
        }
        if attributes[.type] as? FileAttributeType != .typeRegular {
            throw PatchbayError.fileError("\(node.path): \(path) is not a regular file", fix: "point it at the file holding the password")
        }
        if permissions & 0o077 != 0 {
            throw PatchbayError.fileError(
                "\(node.path): \(path) can be read by other users (mode \(String(permissions, radix: 8)))",
                fix: "chmod 600 \(path)")
        }
        return path
    }
}

import Foundation
import PatchbayCore

/// Checks drafts against each other and against what the CMDB already holds. Collects every problem
/// instead of stopping at the first, so one run shows the operator all there is to fix.
struct ServerValidator {
    let tenants: [String: Tenant]
    let users: [String: User]
    /// Servers already registered, minus the one being updated.
    let existing: [Server]

    func validate(_ drafts: [ServerDraft]) -> (servers: [NewServer], problems: [ServerProblem]) {
        var problems: [ServerProblem] = []
        var servers: [NewServer] = []
        var seen = Seen(existing: existing)
        for draft in drafts {
            func problem(_ column: ServerColumn, _ message: String, _ fix: String) {
                problems.append(ServerProblem(line: draft.line, column: column, message: message, fix: fix))
            }
            func problem(_ column: ServerColumn, _ message: String, _ remedy: Remedy) {
                problems.append(ServerProblem(line: draft.line, column: column, message: message, remedy: remedy))
            }
            let ip = IPAddress.canonical(draft.ipAddress)
            if ip == nil {
                problem(.ipAddress, draft.ipAddress.isEmpty ? "the IP address is empty" : "'\(draft.ipAddress)' is not an IPv4 or IPv6 address",
                        "write the server's address, e.g. 192.0.2.10 or 2001:db8::10")
            }
            if let message = Self.nameProblem(draft.name) {
                problem(.serverName, message, "give each server a printable name of 1 to 64 characters")
            }
            let tenant = tenants[draft.tenant]
            if tenant == nil {
                problem(.tenant, draft.tenant.isEmpty ? "the tenant is empty" : "there is no tenant '\(draft.tenant)'",
                        Remedy.useOrAddTenant(draft.tenant))
            }
            for owner in draft.owners {
                guard let user = users[owner] else {
                    problem(.owner, "there is no user '\(owner)'", Remedy.useExistingUserIDs(separator: ";"))
                    continue
                }
                if !user.role.requiresTenant {
                    problem(.owner, "'\(owner)' is a \(user.role.title); owners are tenant users or tenant admins",
                            "name a tenant user or tenant admin of tenant '\(draft.tenant)'")
                } else if let tenant, user.tenantID != tenant.id {
                    problem(.owner, "user '\(owner)' belongs to another tenant than '\(draft.tenant)'",
                            "name a user of tenant '\(draft.tenant)'")
                }
            }
            if Set(draft.owners).count != draft.owners.count {
                problem(.owner, "an owner is named twice", "name each owner once")
            }
            if !draft.hostName.isEmpty && !Self.isHostName(draft.hostName) {
                problem(.hostName, "'\(draft.hostName)' is not a host name", "use letters, digits, '-' and '.', e.g. web01 or web01.corp.example")
            }
            if draft.osName.count > 128 || draft.osName.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                problem(.osName, "the OS name is longer than 128 characters or holds a control character", "shorten it, e.g. Windows Server 2022")
            }
            if !draft.wsusComputerName.isEmpty && !Self.isHostName(draft.wsusComputerName) {
                problem(.wsusComputerName, "'\(draft.wsusComputerName)' is not a computer name as WSUS shows it",
                        "use the computer's FQDN as in the WSUS console, e.g. web01.corp.example")
            }
            if !draft.timeZone.isEmpty && TimeZone(identifier: draft.timeZone) == nil {
                problem(.timeZone, "'\(draft.timeZone)' is not a time zone",
                        "use an IANA time zone name such as Asia/Tokyo, Europe/Berlin or UTC ('timedatectl list-timezones' lists them), or leave it empty")
            }
            for duplicate in seen.record(draft, ip: ip) {
                problem(duplicate.column, duplicate.message, duplicate.remedy)
            }
            if let ip, let tenant {
                servers.append(NewServer(
                    ipAddress: ip, name: draft.name, tenantID: tenant.id, owners: draft.owners,
                    hostName: draft.hostName, osName: draft.osName, wsusComputerName: draft.wsusComputerName,
                    timeZone: draft.timeZone))
            }
        }
        return (problems.isEmpty ? servers : [], problems)
    }

    static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "the server name is empty" }
        if name.count > 64 { return "the server name '\(name)' is longer than 64 characters" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "the server name holds a control character"
        }
        return nil
    }

    static func isHostName(_ text: String) -> Bool {
        guard text.count <= 253 else { return false }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.allSatisfy(allowed.contains) && label.first != "-" && label.last != "-"
        }
    }
}

/// Remembers addresses and names already taken, in the CMDB or earlier in the same input.
private struct Seen {
    struct Duplicate {
        var column: ServerColumn
        var message: String
        var remedy: Remedy
    }

    var ips: [String: String] = [:]
    var names: [String: String] = [:]
    var wsusNames: [String: String] = [:]

    init(existing: [Server]) {
        for server in existing {
            ips[server.ipAddress] = "server '\(server.name)' in the CMDB"
            names[server.name.lowercased()] = "server '\(server.name)' in the CMDB"
            if !server.wsusComputerName.isEmpty {
                wsusNames[server.wsusComputerName.lowercased()] = "server '\(server.name)' in the CMDB"
            }
        }
    }

    mutating func record(_ draft: ServerDraft, ip: String?) -> [Duplicate] {
        let here = draft.line.map { "line \($0)" } ?? "this server"
        var found: [Duplicate] = []
        if let ip {
            if let owner = ips[ip] {
                found.append(Duplicate(column: .ipAddress, message: "IP address \(ip) is already used by \(owner)",
                                       remedy: .advice("each server needs its own address; remove the duplicate or correct the address")))
            } else {
                ips[ip] = here
            }
        }
        if !draft.name.isEmpty {
            if let owner = names[draft.name.lowercased()] {
                found.append(Duplicate(column: .serverName, message: "server name '\(draft.name)' is already used by \(owner)",
                                       remedy: .chooseAnotherOrUpdate(.server)))
            } else {
                names[draft.name.lowercased()] = here
            }
        }
        if !draft.wsusComputerName.isEmpty {
            if let owner = wsusNames[draft.wsusComputerName.lowercased()] {
                found.append(Duplicate(column: .wsusComputerName,
                                       message: "WSUS computer name '\(draft.wsusComputerName)' is already used by \(owner)",
                                       remedy: .advice("a WSUS computer maps to one server; correct the name")))
            } else {
                wsusNames[draft.wsusComputerName.lowercased()] = here
            }
        }
        return found
    }
}

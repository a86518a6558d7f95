import Foundation
import WSUSWire

/// Reads a WSUS server through ApiRemoting30 (docs/wsus-protocol.md §15): one authenticated connection, exact WSDL
/// parameter names, streamed responses, versioned column maps, faults and HTTP errors turned into causes.
public final class WSUSClient: Sendable {
    public let settings: WSUSConnectionSettings
    private let connection: CurlConnection

    public init(settings: WSUSConnectionSettings) throws {
        self.settings = settings
        self.connection = try CurlConnection(settings: settings)
    }

    static let anyPublicationState = 2_147_483_647

    // MARK: server

    public func serverVersion() async throws -> String {
        try await scalar("GetServerVersion", [])
    }

    /// 0 means the account is in neither WSUS group.
    public func currentUserRole() async throws -> Int {
        Int(try await scalar("GetCurrentUserRole", [])) ?? 0
    }

    // MARK: catalog

    public func updateCount(scope: Scope = .updates()) async throws -> Int {
        Int(try await scalar("ExecuteSPGetUpdateCount", [("updateScopeXml", .text(scope.xml)), ("preferredCulture", .text(settings.culture)),
                                                         ("publicationState", .int(Self.anyPublicationState))])) ?? 0
    }

    /// Every update revision in scope, joined with classification, products, KBs, bulletins and URLs.
    public func searchUpdates(scope: Scope = .updates(), serverVersion: String) async throws -> [WSUSUpdate] {
        let response = try await call("ExecuteSPSearchUpdates", [("updateScopeXml", .text(scope.xml)), ("preferredCulture", .text(settings.culture)),
                                                                 ("publicationState", .int(Self.anyPublicationState))])
        return UpdateRows.join(response, serverVersion: serverVersion)
    }

    /// Updates superseded by the given revision (only asked for updates that have any).
    public func updatesSuperseded(by updateID: String, revision: Int, serverVersion: String) async throws -> [String] {
        let response = try await call("ExecuteSPGetUpdatesSupersededByUpdate", [
            ("preferredCulture", .text(settings.culture)), ("id", .revision(updateID: updateID, revisionNumber: revision))])
        return UpdateRows.join(response, serverVersion: serverVersion).map(\.updateID)
    }

    public func approvals(scope: Scope = .updates()) async throws -> [WSUSApproval] {
        let response = try await call("ExecuteSPGetDeployments", [("updateScopeXml", .text(scope.xml)), ("preferredCulture", .text(settings.culture)),
                                                                  ("publicationState", .int(Self.anyPublicationState))])
        typealias C = Columns.Deployment
        return response.rows().compactMap { row in
            guard let updateID = row[C.updateID].guid, let revision = row[C.revisionNumber].int, let group = row[C.targetGroupID].guid,
                  let action = row[C.action].int.flatMap(DeploymentAction.init(rawValue:)) else { return nil }
            return WSUSApproval(updateID: updateID, revisionNumber: revision, targetGroupID: group, action: action,
                                deadline: row[C.deadline].date, approvedAt: row[C.deploymentTime].date, adminName: row[C.adminName].string ?? "")
        }
    }

    // MARK: computers

    public func targetGroups() async throws -> [WSUSTargetGroup] {
        let response = try await call("ExecuteSPGetAllTargetGroups", [])
        typealias C = Columns.TargetGroup
        return response.rows().compactMap { row in
            guard row[C.type].string == "Computers", let id = row[C.id].guid, let name = row[C.name].string else { return nil }
            let parent = row[C.parentID].guid
            return WSUSTargetGroup(id: id, name: name, parentID: parent == "00000000-0000-0000-0000-000000000000" ? nil : parent)
        }
    }

    public func computerCount() async throws -> Int {
        Int(try await scalar("ExecuteSPGetComputerCount", [("computerTargetScopeXml", .text(Scope.computers().xml))])) ?? 0
    }

    /// Every computer of this server, with its actual group membership (result set 2).
    public func computers() async throws -> [WSUSComputer] {
        let response = try await call("ExecuteSPSearchComputers", [("computerTargetScopeXml", .text(Scope.computers().xml))])
        var groups: [String: [String]] = [:]
        for row in response.rows("2") {
            if let computer = row[0].guid, let group = row[1].guid { groups[computer, default: []].append(group) }
        }
        typealias C = Columns.Computer
        return response.rows("0").compactMap { row in
            guard let id = row[C.computerID].guid, let name = row[C.fullDomainName].string else { return nil }
            return WSUSComputer(id: id, fullDomainName: name, ipAddress: row[C.ipAddress].string ?? "",
                                osDescription: row[C.osDescription].string ?? "", lastSyncTime: row[C.lastSyncTime].date,
                                lastReportedStatusTime: row[C.lastReportedStatusTime].date, groupIDs: groups[id] ?? [])
        }
    }

    /// When each computer's install states last changed (from the per-computer summaries), to fetch only what moved.
    public func statesChangedPerComputer() async throws -> [String: Date] {
        let response = try await call("ExecuteSPGetSummariesPerComputer", [
            ("updateScopeXml", .text(Scope.updates().xml)), ("computerTargetScopeXml", .text(Scope.computers().xml)),
            ("preferredCulture", .text(settings.culture)), ("publicationState", .int(Self.anyPublicationState))])
        var changed: [String: Date] = [:]
        for row in response.rows() {
            guard let computer = row[Columns.Summary.computerID].guid else { continue }
            let date = row[Columns.Summary.lastUpdated].date ?? .distantPast
            changed[computer] = max(changed[computer] ?? .distantPast, date)
        }
        return changed
    }

    /// The state of every applicable update on one computer.
    public func installationStates(computerID: String) async throws -> [String: InstallationState] {
        let response = try await call("ExecuteSPGetUpdateInstallationInfoForComputer", [
            ("computerId", .text(computerID)), ("updateScopeXml", .text(Scope.updates().xml)),
            ("preferredCulture", .text(settings.culture)), ("publicationState", .int(Self.anyPublicationState))])
        var states: [String: InstallationState] = [:]
        for row in response.rows() {
            guard let update = row[Columns.InstallationInfo.updateID].guid,
                  let state = row[Columns.InstallationInfo.state].int.flatMap(InstallationState.init(rawValue:)) else { continue }
            states[update] = state
        }
        return states
    }

    // MARK: transport

    func scalar(_ operation: String, _ parameters: [(String, SOAPEnvelope.Value)]) async throws -> String {
        let response = try await call(operation, parameters)
        guard let scalar = response.scalar else {
            throw WSUSError(kind: .malformedResponse, message: "\(settings.name): \(operation) returned no value",
                            fix: "check that \(settings.serviceURL) is a WSUS ApiRemoting30 endpoint")
        }
        return scalar
    }

    func call(_ operation: String, _ parameters: [(String, SOAPEnvelope.Value)]) async throws -> SOAPResponse {
        let (status, file) = try await connection.post(operation: operation, envelope: SOAPEnvelope.request(operation, parameters))
        defer { unlink(file) }
        switch status {
        case 200:
            do {
                let response = try SOAPResponseReader.read(file: file)
                if let fault = response.fault { throw faultError(operation, fault) }
                return response
            } catch let error as SOAPParseError {
                throw WSUSError(kind: .malformedResponse, message: "\(settings.name): \(operation) returned \(error.description)",
                                fix: "check that \(settings.serviceURL) is a WSUS server and not a proxy or error page; run discovery again")
            }
        case 401:
            throw WSUSError(kind: .badCredentials, message: "\(settings.name) refused the credentials of '\(settings.username)' (HTTP 401)",
                            fix: "check username (DOMAIN\\user) and the password file; the account may be locked; auth: \(settings.authentication.rawValue) must match what IIS offers")
        case 403:
            let ssl = settings.isHTTPS ? "" : ", or WSUS requires SSL (use https:// and port 8531)"
            throw WSUSError(kind: .forbidden, message: "\(settings.name) accepted '\(settings.username)' but refused access (HTTP 403)",
                            fix: "add the account to WSUS Administrators or WSUS Reporters on the WSUS server\(ssl)")
        case 500:
            if let response = try? SOAPResponseReader.read(file: file), let fault = response.fault { throw faultError(operation, fault) }
            throw WSUSError(kind: .httpStatus, message: "\(settings.name) failed with HTTP 500 on \(operation) and sent no SOAP fault",
                            fix: "check the WSUS server's health (IIS WsusPool, SUSDB) and its event log")
        default:
            throw WSUSError(kind: .httpStatus, message: "\(settings.name) answered HTTP \(status) to \(operation)",
                            fix: "check that the url is the WSUS server's base address (e.g. https://wsus01.corp.example:8531)")
        }
    }

    private func faultError(_ operation: String, _ fault: SOAPFault) -> WSUSError {
        let text = fault.summary
        if text.contains("UnauthorizedAccess") || text.contains("Access is denied") {
            return WSUSError(kind: .unauthorizedRole, message: "\(settings.name) denied \(operation): \(text)",
                             fix: "this needs the WSUS Administrators role for '\(settings.username)'")
        }
        return WSUSError(kind: .fault, message: "\(settings.name) answered \(operation) with a SOAP fault: \(text)",
                         fix: "see the WSUS server's event log; the fault names the failing part")
    }
}

import Console
import Foundation
import PatchbayCore

/// A small site with what every screen has to show: December 2023 patches (one with a hostile title), a
/// tenant's servers in every condition (stale, never reported, failed, pending restart) and jobs in every state.
enum SampleSite {
    static let now = Date(timeIntervalSince1970: 1_703_062_800) // 2023-12-20 09:00 UTC
    static let released = Date(timeIntervalSince1970: 1_702_368_000) // 2023-12-12 08:00 UTC
    /// Two management servers share the CMDB; both daemons answer.
    static let runners = [RunnerHost(host: "mgmt01", alive: true), RunnerHost(host: "mgmt02", alive: true)]

    static let patches: [PatchRow] = [
        patch("KB5033118", "2023-12 Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5033118)",
              "Security Updates", "Critical", .required, "Windows Server 2022", needed: 2),
        patch("KB5033371", "2023-12 Cumulative Update for Windows Server 2019 for x64-based Systems (KB5033371)",
              "Security Updates", "Critical", .required, "Windows Server 2019", needed: 1),
        patch("KB5033373", "2023-12 Cumulative Update for Windows Server 2016 for x64-based Systems (KB5033373)",
              "Security Updates", "Critical", .required, "Windows Server 2016", needed: 1),
        patch("KB5002520", "Security Update for Microsoft Office 2016 (KB5002520) 64-Bit Edition",
              "Security Updates", "Important", .required, "Office 2016", needed: 0),
        patch("KB890830", "Windows Malicious Software Removal Tool x64 - v5.120 (KB890830)",
              "Update Rollups", "", .recommended, "Windows Server 2016\nWindows Server 2019\nWindows Server 2022", needed: 2),
        // A title as hostile as WSUS may send: an escape that would retitle the terminal is shown, never sent.
        patch("KB5099999", "Update with an escape \u{1b}]0;owned\u{07} in its title (KB5099999)",
              "Updates", "", .recommended, "Windows Server 2022", needed: 1),
    ]

    static func patch(_ kb: String, _ title: String, _ classification: String, _ severity: String, _ policy: PatchPolicy, _ products: String,
                      needed: Int) -> PatchRow {
        PatchRow(kb: kb, title: title, classification: classification, severity: severity, policy: policy, released: released,
                 products: products, needed: needed, updateID: "u-\(kb.dropFirst(2))")
    }

    static let servers: [ServerRow] = [
        server("ACME-WEB01", required: 1, recommended: 2, zone: "Europe/Berlin"),
        server("ACME-WEB02", required: 1, recommended: 0, zone: "Europe/Berlin"),
        server("ACME-SQL01", required: 1, recommended: 0, failed: 1, pendingReboot: 1, zone: "Europe/Berlin"),
        server("ACME-OLD01", required: 0, recommended: 1, lastReport: now.addingTimeInterval(-12 * 86_400), zone: "Europe/Berlin"),
        ServerRow(name: "ACME-FS01", tenant: "acme", reported: false, lastReport: nil, requiredNeeded: 0, recommendedNeeded: 0, failed: 0,
                  pendingReboot: 0, ipAddress: "10.0.1.40", wsus: "wsus01.corp.example", timeZone: ""),
    ]

    static func server(_ name: String, required: Int, recommended: Int, failed: Int = 0, pendingReboot: Int = 0,
                       lastReport: Date = now.addingTimeInterval(-3_600), zone: String) -> ServerRow {
        ServerRow(name: name, tenant: "acme", reported: true, lastReport: lastReport, requiredNeeded: required, recommendedNeeded: recommended,
                  failed: failed, pendingReboot: pendingReboot, ipAddress: "10.0.1.\(10 + name.count)", wsus: "wsus01.corp.example", timeZone: zone)
    }

    /// Each patch's state on the reported servers, matching the servers' counts.
    static let states: [String: [ServerState]] = [
        "u-5033118": [.init(server: "ACME-WEB01", state: .downloaded), .init(server: "ACME-WEB02", state: .notInstalled)],
        "u-5033371": [.init(server: "ACME-SQL01", state: .failed)],
        "u-5033373": [.init(server: "ACME-SQL01", state: .pendingReboot), .init(server: "ACME-OLD01", state: .installed)],
        "u-5002520": [.init(server: "ACME-WEB01", state: .installed)],
        "u-890830": [.init(server: "ACME-WEB01", state: .downloaded), .init(server: "ACME-OLD01", state: .downloaded)],
        "u-5099999": [.init(server: "ACME-WEB01", state: .downloaded)],
    ]

    /// ACME-SQL01's last changes, newest first: a job's install that failed and one that waits for a restart,
    /// after discovery first saw the updates downloaded.
    static let history: [InstallStateChange] = [
        InstallStateChange(updateID: "u-5033371", kb: "KB5033371", old: .downloaded, new: .failed, source: "job 3", at: now.addingTimeInterval(-1_800)),
        InstallStateChange(updateID: "u-5033373", kb: "KB5033373", old: .downloaded, new: .pendingReboot, source: "job 3", at: now.addingTimeInterval(-1_860)),
        InstallStateChange(updateID: "u-5033371", kb: "KB5033371", old: .notInstalled, new: .downloaded, source: "discovery", at: now.addingTimeInterval(-86_400)),
        InstallStateChange(updateID: "u-5033373", kb: "KB5033373", old: .notInstalled, new: .downloaded, source: "discovery", at: now.addingTimeInterval(-86_460)),
    ]

    static let session = SessionData(patches: patches, servers: servers, states: states, scripts: ["post-check.ps1", "pre-stop-iis.ps1"], at: now)

    static let details = PatchDetails(
        patch: PatchRecord(updateID: "u-5033118", revisionNumber: 201, kbNumbers: ["5033118"], title: patches[0].title,
                           description: "Install this update to resolve issues in Windows. For a complete listing of the issues that are included in this update, see the associated Microsoft Knowledge Base article.",
                           classification: "Security Updates", products: ["Windows Server 2022"], msrcSeverity: "Critical", releaseDate: released,
                           arrivalDate: released, rebootBehavior: 1, isDeclined: false, isExpired: false, isSuperseded: false, bulletins: [],
                           moreInfoURLs: ["https://support.microsoft.com/help/5033118"]),
        supersedes: [.init(updateID: "u-5032198", kb: "KB5032198", title: "2023-11 Cumulative Update for Microsoft server operating system version 21H2 (KB5032198)")],
        supersededBy: [])

    static let jobs: [JobRow] = [
        JobRow(id: 4, state: .scheduled, owner: "acme-admin", tenant: "acme", patches: "KB5033118", created: now.addingTimeInterval(-600),
               servers: [.init(name: "ACME-WEB02", state: .pending, processes: [.init(kind: .scheduleStandby, state: .running, startedAt: now.addingTimeInterval(-600))], message: "")],
               scheduledAt: now.addingTimeInterval(5 * 3_600)),
        JobRow(id: 3, state: .running, owner: "acme-admin", tenant: "acme", patches: "KB5033118 KB890830", created: now.addingTimeInterval(-300),
               servers: [
                   .init(name: "ACME-WEB01", state: .running, processes: [
                       .init(kind: .operationCheck, state: .succeeded, startedAt: now.addingTimeInterval(-290), finishedAt: now.addingTimeInterval(-284),
                             output: "ACME-WEB01 answers; 41 GB free on C:"),
                       .init(kind: .patchApplication, state: .running, startedAt: now.addingTimeInterval(-284),
                             output: "KB5033118 downloading 62%\nKB890830 installed"),
                       .init(kind: .verification, state: .pending),
                   ], message: ""),
                   .init(name: "ACME-OLD01", state: .completed, processes: [
                       .init(kind: .operationCheck, state: .succeeded, startedAt: now.addingTimeInterval(-290), finishedAt: now.addingTimeInterval(-280)),
                       .init(kind: .patchApplication, state: .succeeded, startedAt: now.addingTimeInterval(-280), finishedAt: now.addingTimeInterval(-200)),
                       .init(kind: .verification, state: .succeeded, startedAt: now.addingTimeInterval(-200), finishedAt: now.addingTimeInterval(-190)),
                   ], message: ""),
               ]),
        JobRow(id: 2, state: .waitingForAction, owner: "acme-user", tenant: "acme", patches: "KB5033371", created: now.addingTimeInterval(-7_200),
               servers: [.init(name: "ACME-SQL01", state: .waitingForAction, processes: [
                   .init(kind: .operationCheck, state: .succeeded, startedAt: now.addingTimeInterval(-7_100), finishedAt: now.addingTimeInterval(-7_090)),
                   .init(kind: .patchApplication, state: .failed, startedAt: now.addingTimeInterval(-7_090), finishedAt: now.addingTimeInterval(-6_500),
                         message: "0x80070643: installation failed (fatal error during installation)"),
                   .init(kind: .verification, state: .pending),
               ], message: "patch-application: 0x80070643: installation failed (fatal error during installation)")]),
        JobRow(id: 1, state: .completed, owner: "acme-admin", tenant: "acme", patches: "KB5002520", created: now.addingTimeInterval(-86_400),
               servers: [.init(name: "ACME-WEB01", state: .completed, processes: [
                   .init(kind: .operationCheck, state: .succeeded, startedAt: now.addingTimeInterval(-86_000), finishedAt: now.addingTimeInterval(-85_990)),
                   .init(kind: .patchApplication, state: .succeeded, startedAt: now.addingTimeInterval(-85_990), finishedAt: now.addingTimeInterval(-85_500)),
                   .init(kind: .verification, state: .succeeded, startedAt: now.addingTimeInterval(-85_500), finishedAt: now.addingTimeInterval(-85_480)),
               ], message: "")]),
    ]

    static let tenantCounts = [StatusCounts(name: "acme", installed: 3, needed: 7, failed: 1, pendingReboot: 1, notReported: 1, compliance: 3.0 / 8.0)]
    static let serverCounts = [
        StatusCounts(name: "ACME-OLD01", installed: 1, needed: 1, failed: 0, pendingReboot: 0, notReported: 0, compliance: 1),
        StatusCounts(name: "ACME-SQL01", installed: 0, needed: 0, failed: 1, pendingReboot: 1, notReported: 0, compliance: 0),
        StatusCounts(name: "ACME-WEB01", installed: 1, needed: 3, failed: 0, pendingReboot: 0, notReported: 0, compliance: 0.5),
        StatusCounts(name: "ACME-WEB02", installed: 0, needed: 1, failed: 0, pendingReboot: 0, notReported: 0, compliance: 0),
        StatusCounts(name: "ACME-FS01", installed: 0, needed: 0, failed: 0, pendingReboot: 0, notReported: 1, compliance: nil),
    ]
}

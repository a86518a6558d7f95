/// A WSUS scenario whose catalog holds two rows discovery must never store: an update whose KB holds
/// PowerShell code, and one whose update id is not a GUID. Approvals, install states (every computer gets
/// one for each update that applies) and supersedence point at both, next to well-formed rows.
public enum HostileCatalog {
    public static let hostileKB = "5033’;Remove-Item C:\\ -Recurse;’"
    public static let nonGUIDID = "not-a-guid"

    /// The start of discovery's reason for each (the first names the update id, which the simulator makes up).
    public static let kbReason = "'KB\(hostileKB)' is not a KB number (update "
    public static let idReason = "update id 'not-a-guid' is not a GUID (KB5099001)"

    public static let scenario = #"""
        server:
          users:
            - {name: 'CORP\svc-patchbay', password: 'Wsus-Secret-1', role: administrator}
        catalog:
          seed: msrc-2023-12
          updates:
            - {id: 'not-a-guid', kb: KB5099001, title: 'An update whose id is not a GUID', products: [Windows Server 2022]}
            - {kb: '5033’;Remove-Item C:\ -Recurse;’', title: 'An update whose KB holds code', products: [Windows Server 2022], supersedes: [KB5033118]}
            - {kb: KB5099002, title: 'A well-formed update superseding the one without a GUID', products: [Windows Server 2022], supersedes: [KB5099001]}
        groups:
          - {name: Production}
        computers:
          - {name: acme-web01.acme.example, ip: 192.0.2.11, os: Windows Server 2022, groups: [Production], last_sync: 2h, last_report: 3h}
        approvals:
          - {update: KB5033118, group: Production}
          - {update: KB5099002, group: Production}
          - {update: 'not-a-guid', group: Production}
          - {update: '5033’;Remove-Item C:\ -Recurse;’', group: Production}
        """#
}

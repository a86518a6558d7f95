import Foundation
import PatchbayCore

/// After discovery: asks every tenant user and tenant admin, by mail, to apply the newly approved patches
/// that servers in their scope still need — one mail per person listing them, in the person's language,
/// never twice for the same (person, patch), nothing about patches their servers do not need.
struct ApplyRequestMails {
    let context: ServiceContext


    /// Queues the mails in one transaction; returns how many were queued.
    func queue() async throws -> Int {
        let now = context.now()
        return try await context.store.write { session in
            let approved = try await session.discovery.unannouncedApprovals()
            guard !approved.isEmpty else { return 0 }
            let tenants = Dictionary(uniqueKeysWithValues: try await session.tenants.all().map { ($0.id, $0.name) })
            var queued = 0
            for user in try await session.users.all() where user.role.requiresTenant && !user.locked && !user.email.isEmpty {
                let rows = try await PatchQueryService.compute(PatchInfoFilter(), principal: .user(user.identity), session: session)
                    .filter { approved.contains($0.updateID) && $0.approval == .approved && $0.state.isNeeded }
                let told = try await session.mail.notifiedPatches(userID: user.id, updateIDs: Set(rows.map(\.updateID)))
                let fresh = rows.filter { !told.contains($0.updateID) }
                guard !fresh.isEmpty else { continue }
                let byPatch = Dictionary(grouping: fresh, by: \.updateID).values.sorted { ($0[0].kb, $0[0].updateID) < ($1[0].kb, $1[0].updateID) }
                let patches = byPatch.map { rows in
                    ApplyRequestContent.Patch(kb: rows[0].kb, title: rows[0].title, severity: rows[0].severity,
                                              policy: rows[0].policy ?? .recommended, servers: Set(rows.map(\.server)).sorted())
                }
                let content = ApplyRequestContent(recipient: user.id, tenant: user.tenantID.flatMap { tenants[$0] } ?? "", patches: patches)
                let mail = context.templates.render(content, language: user.language)
                let id = try await session.mail.enqueue(OutgoingMail(recipient: user.email, language: user.language, subject: mail.subject,
                                                                     body: mail.body, cause: "apply request after discovery", createdAt: now))
                try await session.mail.recordNotified(userID: user.id, updateIDs: byPatch.map { $0[0].updateID }, mailID: id, at: now)
                queued += 1
            }
            try await session.discovery.markApprovalsAnnounced(at: now)
            return queued
        }
    }
}

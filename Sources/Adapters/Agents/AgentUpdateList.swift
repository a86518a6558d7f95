import PatchbayCore
import Services

/// The updates of an install request, checked before anything is sent to a server: each id must be a GUID
/// and each KB "KB" and digits (or the id itself, for an update without a KB). Discovery never stores other
/// values, but a job created before it refused them may still hold one, and the script builds Windows
/// Update search criteria from these ids.
enum AgentUpdateList {
    static func check(_ patches: [Job.Patch], server: String) throws {
        let fix = "run discovery again (it skips such rows), then apply the update in a new job"
        for patch in patches {
            let id = patch.key.updateID
            guard UpdateIdentifiers.isGUID(id) else {
                throw AgentFailure("refusing to send update id \(UntrustedText.quoted(id)) to \(server): it is not a GUID; \(fix)")
            }
            guard UpdateIdentifiers.isDisplayKB(patch.kb, updateID: id) else {
                throw AgentFailure("refusing to send \(UntrustedText.quoted(patch.kb)) (update \(id.prefix(8))…) to \(server): "
                                   + "it is not a KB number; \(fix)")
            }
        }
    }
}

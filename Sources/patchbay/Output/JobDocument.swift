import Foundation
import PatchbayCore

/// One job with its chains and processes, as `job show` prints it: a readable table, JSON or XML.
struct JobDocument {
    let job: Job
    let ownerTenant: String

    func table() -> String {
        var text = """
            job \(job.id)  \(job.state.rawValue)
              owner:    \(job.ownerID) (\(ownerTenant))
              created:  \(TimeInput.display(job.createdAt))
              start:    \(job.scheduledAt.map(TimeInput.display) ?? "at once")
              patches:  \(job.patches.map(\.kb).joined(separator: ", "))
              options:  reboot \(job.options.reboot ? "yes" : "no"), monitor \(job.options.monitorSeconds) s\(job.options.preScript.isEmpty ? "" : ", pre-script")\(job.options.postScript.isEmpty ? "" : ", post-script")

            """
        for chain in job.chains {
            text += "\n\(chain.serverName)  \(chain.state.rawValue)\(chain.cancelReason.map { ": \($0)" } ?? "")\n"
            let rows = chain.processes.map { process in
                [process.kind.rawValue, process.state.rawValue + (process.continuedAfterFailure ? " (continued)" : ""),
                 process.startedAt.map(TimeInput.display) ?? "", process.finishedAt.map(TimeInput.display) ?? "", process.message]
            }
            text += TableText.render(Listing(columns: ["process", "state", "started", "finished", "message"], rows: rows), width: nil)
                .split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
            for process in chain.processes where !process.output.isEmpty {
                text += "  output of \(process.kind.rawValue):\n" + process.output.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
            }
        }
        return text
    }

    func json() -> String {
        let object: [String: Any] = [
            "id": job.id, "state": job.state.rawValue, "owner": job.ownerID, "tenant": ownerTenant,
            "created_at": UTCTime.iso(job.createdAt), "scheduled_at": job.scheduledAt.map(UTCTime.iso) ?? NSNull(),
            "patches": job.patches.map { ["kb": $0.kb, "update_id": $0.key.updateID, "revision": $0.key.revisionNumber] },
            "options": ["reboot": job.options.reboot, "monitor_seconds": job.options.monitorSeconds,
                        "pre_script": job.options.preScript, "post_script": job.options.postScript],
            "servers": job.chains.map { chain in
                ["server": chain.serverName, "state": chain.state.rawValue, "cancel_reason": chain.cancelReason ?? NSNull(),
                 "processes": chain.processes.map { process in
                     ["kind": process.kind.rawValue, "state": process.state.rawValue,
                      "started_at": process.startedAt.map(UTCTime.iso) ?? NSNull(), "finished_at": process.finishedAt.map(UTCTime.iso) ?? NSNull(),
                      "message": process.message, "output": process.output, "continued": process.continuedAfterFailure] as [String: Any]
                 }] as [String: Any]
            },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return JSONText.hardened(String(decoding: data, as: UTF8.self)) + "\n"
    }

    func xml() -> String {
        // XML 1.0 cannot carry most control characters at all, even as references: they are written visibly.
        func attr(_ text: String) -> String {
            VisibleText.escaped(text, keeping: ["\n"]).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<job id=\"\(job.id)\" state=\"\(job.state.rawValue)\" owner=\"\(attr(job.ownerID))\" tenant=\"\(attr(ownerTenant))\""
            + " created=\"\(UTCTime.iso(job.createdAt))\"\(job.scheduledAt.map { " scheduled=\"\(UTCTime.iso($0))\"" } ?? "")"
            + " reboot=\"\(job.options.reboot)\" monitor-seconds=\"\(job.options.monitorSeconds)\">\n"
        for patch in job.patches {
            xml += "  <patch kb=\"\(attr(patch.kb))\" update-id=\"\(patch.key.updateID)\" revision=\"\(patch.key.revisionNumber)\"/>\n"
        }
        for chain in job.chains {
            xml += "  <server name=\"\(attr(chain.serverName))\" state=\"\(chain.state.rawValue)\""
                + (chain.cancelReason.map { " cancel-reason=\"\(attr($0))\"" } ?? "") + ">\n"
            for process in chain.processes {
                xml += "    <process kind=\"\(process.kind.rawValue)\" state=\"\(process.state.rawValue)\""
                    + (process.startedAt.map { " started=\"\(UTCTime.iso($0))\"" } ?? "")
                    + (process.finishedAt.map { " finished=\"\(UTCTime.iso($0))\"" } ?? "")
                    + (process.continuedAfterFailure ? " continued=\"true\"" : "") + ">\n"
                xml += "      <message>\(attr(process.message))</message>\n"
                xml += "      <output>\(attr(process.output))</output>\n"
                xml += "    </process>\n"
            }
            xml += "  </server>\n"
        }
        return xml + "</job>\n"
    }
}

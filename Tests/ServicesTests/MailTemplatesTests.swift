import Foundation
import PatchbayCore
@testable import Services
import Testing

@Suite("Mail templates")
struct MailTemplatesTests {
    @Test("the built-in templates render in English and Japanese with every variable filled")
    func builtIn() throws {
        let templates = try MailTemplates.load()
        let values = ["job_id": "12", "owner": "sato", "patches": "KB5033118", "server_count": "3", "server": "WEB01", "detail": "", "state": "completed"]
        let english = templates.render(.jobServerError, language: .en, values: values)
        #expect(english.subject == "[Patchbay] Job 12: WEB01 needs your action")
        #expect(english.body.contains("patchbay job retry|continue|cancel 12") && !english.body.contains("{{"))
        let japanese = templates.render(.jobCompleted, language: .ja, values: values)
        #expect(japanese.subject == "[Patchbay] ジョブ 12 が完了しました")
        for event in MailTemplates.Event.allCases {
            for language in Language.allCases {
                let mail = templates.render(event, language: language, values: [:])
                #expect(!mail.subject.isEmpty)
            }
        }
    }

    @Test("a job mail is made from typed content: its detail line is worded in the owner's language")
    func typedContent() throws {
        let templates = try MailTemplates.load()
        var content = JobMailContent(kind: .serverError, jobID: 12, owner: "sato", patches: ["KB5033118", "KB5033371"], serverCount: 3,
                                     server: "WEB01", detail: .failed(server: "WEB01", process: .patchApplication, message: "0x80240022"))
        let english = templates.render(content, language: .en)
        #expect(english.subject == "[Patchbay] Job 12: WEB01 needs your action")
        #expect(english.body.contains("WEB01: patch-application failed: 0x80240022") && english.body.contains("KB5033118, KB5033371"))
        let japanese = templates.render(content, language: .ja).body
        #expect(japanese.contains("WEB01: パッチ適用 が失敗しました: 0x80240022"))
        #expect(japanese.contains("  0x80240022 WU_E_ALL_UPDATES_FAILED: " + WindowsUpdateResult.explain(0x8024_0022).meaningJA),
                "the code is explained in Japanese, with what to do: \(japanese)")
        #expect(!english.body.contains(WindowsUpdateResult.explain(0x8024_0022).meaningJA))
        content.kind = .accepted
        content.detail = .starts(at: nil)
        #expect(templates.render(content, language: .en).body.contains("It starts now."))
        content.kind = .serverStopped
        content.detail = .stopped(server: "GLX-APP02", because: .serverMoved(toTenant: "acme"))
        #expect(templates.render(content, language: .en).body.contains("GLX-APP02: server moved to tenant acme."))
    }

    @Test("a hostile WSUS title or agent message reaches the mail visible, not as a terminal escape")
    func hostileValuesAreVisible() throws {
        let templates = try MailTemplates.load()
        let patch = ApplyRequestContent.Patch(kb: "KB5033118", title: "Update \u{1B}]0;owned\u{07} for Windows", severity: "Critical",
                                              policy: .required, servers: ["WEB01"])
        let mail = templates.render(ApplyRequestContent(recipient: "sato", tenant: "acme", patches: [patch]), language: .en)
        #expect(mail.body.contains("Update \\u{1B}]0;owned\\u{7} for Windows") && !mail.body.contains("\u{1B}"), "\(mail.body)")
        let job = JobMailContent(kind: .serverError, jobID: 3, owner: "sato", patches: ["KB1"], serverCount: 1, server: "WEB01",
                                 detail: .failed(server: "WEB01", process: .preScript, message: "exit 1\u{1B}[2J"))
        #expect(!templates.render(job, language: .en).body.contains("\u{1B}"))
    }

    @Test("variables expand once: a value holding {{…}} is printed as it is, whatever order the values come in")
    func expandOnce() throws {
        let templates = try MailTemplates.load()
        for _ in 0..<20 {
            let values = ["job_id": "12", "owner": "{{job_id}}", "patches": "KB1 {{server}}", "server_count": "3", "server": "{{owner}}{{ x }}",
                          "detail": "{{detail}}", "state": "completed"]
            let mail = templates.render(.jobServerError, language: .en, values: values)
            #expect(mail.subject == "[Patchbay] Job 12: {{owner}}{{ x }} needs your action", "\(mail.subject)")
        }
        #expect(MailTemplates.fill("a {{ name }} b {{unknown}} {{", ["name": "{{name}}"]) == "a {{name}} b {{unknown}} {{")
    }

    @Test("a folder overrides single templates; an unknown variable is refused with its file and line")
    func overrides() throws {
        let folder = NSTemporaryDirectory() + "patchbay-templates-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/en", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "Done: job {{job_id}}\nAll {{server_count}} servers are patched.\n".write(toFile: folder + "/en/job-completed.txt", atomically: true, encoding: .utf8)
        let templates = try MailTemplates.load(overrides: folder)
        #expect(templates.render(.jobCompleted, language: .en, values: ["job_id": "7", "server_count": "2"]).subject == "Done: job 7")
        #expect(templates.render(.jobCancelled, language: .en, values: ["job_id": "7"]).subject == "[Patchbay] Job 7 was cancelled", "others stay built in")

        try "Subject {{job_id}}\nline two\nHello {{recipient}}\n".write(toFile: folder + "/en/job-completed.txt", atomically: true, encoding: .utf8)
        do {
            _ = try MailTemplates.load(overrides: folder)
            Issue.record("accepted an unknown variable")
        } catch let error as PatchbayError {
            #expect(error.status == .badArguments)
            #expect(error.message == "\(folder)/en/job-completed.txt line 3: unknown variable {{recipient}}")
            #expect(error.fix?.contains("job_id") == true)
        }
    }
}

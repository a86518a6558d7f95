import Foundation
import TestSupport
import Testing

/// Mail through the real binaries: the outbox in the CMDB, the mailer in a real `patchbay daemon`, and a
/// real SMTP server (aiosmtpd with STARTTLS, AUTH and a test CA); received mail parsed by Python's email package.
@Suite("Mail end to end", .serialized)
struct MailEndToEndTests {
    func home(_ smtp: SMTPServerProcess) throws -> JobHome {
        // Beside the SMTP server's own files, so it goes when the server does.
        let password = smtp.folder + "/smtp.password"
        try (smtp.password + "\n").write(toFile: password, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: password)
        return try JobHome { _ in
            """
            smtp:
              host: localhost
              port: \(smtp.port)
              security: starttls
              username: \(smtp.user)
              password_file: \(password)
              from: patchbay@demo.patchbay.example
              ca_file: \(smtp.caFile)
              timeout_seconds: 60
            mail:
              max_attempts: 2
              retry_seconds: 1
              poll_seconds: 1
            """
        }
    }

    func waitUntil(timeout: TimeInterval = 30, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.3)
        }
        return try condition()
    }

    @Test("newly approved patches for servers of two tenants: one mail per tenant user and admin, in their language, and none on the next discovery")
    func applyRequests() throws {
        let smtp = try SMTPServerProcess()
        let jobs = try home(smtp)
        try jobs.control("/control/approve", #"{"update": "KB5033373", "group": "Staging"}"#)
        try jobs.control("/control/approve", #"{"update": "KB5033464", "group": "All Computers"}"#)
        let discovered = try jobs.run("update-info", "--repository")
        #expect(discovered.status == 0, "\(discovered.stderr)")
        #expect(discovered.stdout.contains("apply-request mails queued: 3"), "\(discovered.stdout)")
        let again = try jobs.run("update-info", "--repository")
        #expect(again.status == 0 && !again.stdout.contains("apply-request mails queued"), "a second discovery asks nobody again")

        try jobs.startDaemon()
        var requests: [[String: String]] = []
        #expect(try waitUntil {
            requests = try smtp.received().filter { ($0["body"] ?? "").contains("KB5033464") }
            return requests.count >= 3
        }, "\(jobs.daemonOutput)")
        #expect(requests.count == 3)
        #expect(Set(requests.compactMap { $0["to"] }) == ["acme-admin@demo.patchbay.example", "acme-user@demo.patchbay.example", "globex-user@demo.patchbay.example"])
        for mail in requests {
            let body = mail["body"] ?? ""
            #expect(body.contains("KB5033373") && body.contains("KB5033464"))
            #expect(body.components(separatedBy: "\n- KB").count - 1 == 2, "exactly the two new patches: \(body)")
            #expect(mail["from"] == "patchbay@demo.patchbay.example")
        }
        let globex = try #require(requests.first { $0["to"] == "globex-user@demo.patchbay.example" })
        #expect(globex["subject"] == "[Patchbay] 新しく承認されたパッチが 2 件あります")
        #expect((globex["body"] ?? "").contains("GLX-RDS01") && !(globex["body"] ?? "").contains("ACME-"), "only the recipient's own servers")
        let acme = try #require(requests.first { $0["to"] == "acme-user@demo.patchbay.example" })
        #expect(acme["subject"] == "[Patchbay] 2 newly approved patch(es) for your servers")
        #expect((acme["body"] ?? "").contains("ACME-DC01") && !(acme["body"] ?? "").contains("GLX-"))
        // Each patch's second line: severity, policy and servers, in the recipient's words.
        let english = try Regex(#"\n  (Critical|Important|Moderate|Low|-), (required|recommended); servers: ACME-"#)
        #expect((acme["body"] ?? "").matches(of: english).count == 2, "\(acme["body"] ?? "")")
        let japanese = try Regex(#"\n  (Critical|Important|Moderate|Low|-)、(必須|推奨)、サーバー: GLX-"#)
        #expect((globex["body"] ?? "").matches(of: japanese).count == 2, "\(globex["body"] ?? "")")
    }

    @Test("SMTP down: mail is retried, then dead; mail resend with the server back delivers each mail exactly once")
    func deadThenResend() throws {
        let smtp = try SMTPServerProcess()
        smtp.stop()
        let jobs = try home(smtp)
        try jobs.startDaemon()
        let applied = try jobs.run("patch", "apply", "--user", "infra", "--server", "GLX-WEB01", "--patch", "KB5033118", "--wait")
        #expect(applied.status == 0, "\(applied.stderr)")
        let id = try #require(JobHome.jobID(applied.stdout))
        #expect(try waitUntil { try sqlite(jobs.home.cmdb, "SELECT count(*) FROM mail_outbox WHERE state = 'queued'") == ["0"] },
                "every mail used its two attempts: \(jobs.daemonOutput)")
        let dead = try jobs.run("mail", "list", "--state", "dead", "--format", "json")
        let deadMails = try JSONSerialization.jsonObject(with: Data(dead.stdout.utf8)) as? [[String: String]] ?? []
        let jobMails = deadMails.filter { ($0["cause"] ?? "").hasPrefix("job \(id) ") }
        #expect(jobMails.count == 2, "accepted and completed: \(deadMails)")
        #expect(jobMails.allSatisfy { $0["attempts"] == "2" && ($0["last-error"] ?? "").contains("cannot connect to the SMTP server localhost") })
        #expect(try smtp.received().isEmpty)

        try smtp.start()
        let report = jobs.home.folder + "/resend.txt"
        let resent = try jobs.run("mail", "resend", "--output", report)
        #expect(resent.status == 0 && resent.stdout.hasPrefix("re-queued \(deadMails.count) dead mail(s)"), "\(resent.stdout)\(resent.stderr)")
        #expect(try String(contentsOfFile: report, encoding: .utf8) == resent.stdout)
        #expect(try waitUntil { try sqlite(jobs.home.cmdb, "SELECT count(*) FROM mail_outbox WHERE state <> 'sent'") == ["0"] }, "\(jobs.daemonOutput)")
        Thread.sleep(forTimeInterval: 3) // a few more mailer rounds: nothing is sent twice
        let received = try smtp.received()
        #expect(received.count == deadMails.count)
        #expect(Set(received.compactMap { $0["message_id"] }).count == received.count)
        #expect(received.filter { $0["subject"] == "[Patchbay] Job \(id) completed" }.count == 1)
        let none = try jobs.run("mail", "resend", "--id", "999999")
        #expect(none.status == 10 && none.stderr.contains("there is no mail 999999"))
    }

    @Test("a template with an unknown variable stops every command at start with its file and line (exit 10)")
    func badTemplate() throws {
        let home = try DemoHome()
        try FileManager.default.createDirectory(atPath: home.folder + "/templates/ja", withIntermediateDirectories: true)
        _ = try home.write("templates/ja/job-failed.txt", "[Patchbay] ジョブ {{job_id}}\n{{owner}} 様\n{{server_name}} で失敗しました\n")
        let config = try String(contentsOfFile: home.config, encoding: .utf8) + "mail:\n  templates_dir: templates\n"
        try config.write(toFile: home.config, atomically: true, encoding: .utf8)
        let result = try home.run("tenant", "list")
        #expect(result.status == 10)
        #expect(result.stderr.contains("templates/ja/job-failed.txt line 3: unknown variable {{server_name}}"), "\(result.stderr)")
        #expect(result.stderr.contains("fix: use one of: detail, job_id, owner, patches, server, server_count, state"))
    }
}

import Foundation
import SMTP
import TestSupport
import Testing

/// The SMTP client against a real SMTP server (aiosmtpd) on loopback, with a test CA and AUTH.
@Suite("SMTP client", .serialized)
struct SMTPClientTests {
    /// 300 s per reply: when the whole suite starts at once on two cores, Python's SMTP server has been seen to take
    /// over two minutes to answer; what these tests check is what arrives, not how fast.
    func settings(_ server: SMTPServerProcess, security: SMTPSettings.Security = .starttls, password: String? = nil,
                  caFile: String? = "") -> SMTPSettings {
        SMTPSettings(host: "localhost", port: server.port, security: security, username: server.user, password: password ?? server.password,
                     from: "patchbay@corp.example", caFile: caFile == "" ? server.caFile : caFile, timeoutSeconds: 300)
    }

    @Test("STARTTLS + AUTH: a Japanese mail arrives intact, with the RFC 5322 headers, parsed by Python's email package")
    func japanese() async throws {
        let server = try SMTPServerProcess()
        let body = "パッチの適用をお願いします。\n.先頭がドットの行も残ります\nKB5033118 — 重要\n"
        let message = SMTPMessage(from: "patchbay@corp.example", to: "sato@acme.example",
                                  subject: "[Patchbay] 新しく承認されたパッチが 2 件あります（acme のサーバー）", body: body, date: Date())
        let results = await SMTPClient(settings: settings(server)).send([message])
        #expect(results.count == 1)
        if case .failure(let failure) = results[0] { Issue.record("not sent: \(failure)") }
        let received = try server.received()
        #expect(received.count == 1)
        let mail = try #require(received.first)
        #expect(mail["subject"] == message.subject)
        #expect(mail["body"] == body)
        #expect(mail["from"] == "patchbay@corp.example" && mail["to"] == "sato@acme.example")
        #expect(mail["mime_version"] == "1.0" && mail["content_type"] == "text/plain" && mail["charset"] == "utf-8")
        #expect(mail["message_id"] == message.messageID && !(mail["date"] ?? "").isEmpty)
    }

    @Test("implicit TLS (port 465 style) delivers too")
    func implicitTLS() async throws {
        let server = try SMTPServerProcess(mode: .tls)
        let results = await SMTPClient(settings: settings(server, security: .tls))
            .send([SMTPMessage(from: "patchbay@corp.example", to: "ops@corp.example", subject: "hello", body: "over TLS\n", date: Date())])
        #expect(results.allSatisfy { if case .success = $0 { true } else { false } }, "\(results)")
        #expect(try server.received().map { $0["body"] } == ["over TLS\n"])
    }

    @Test("a refused recipient fails only its own mail; the others on the same connection arrive")
    func refusedRecipient() async throws {
        let server = try SMTPServerProcess(refuse: ["gone@acme.example"])
        let messages = ["a@acme.example", "gone@acme.example", "b@acme.example"].map {
            SMTPMessage(from: "patchbay@corp.example", to: $0, subject: "s", body: "b\n", date: Date())
        }
        let results = await SMTPClient(settings: settings(server)).send(messages)
        guard case .failure(let failure) = results[1] else { Issue.record("accepted"); return }
        #expect(failure.kind == .recipientRefused && failure.permanent)
        #expect(failure.message.contains("gone@acme.example") && failure.message.contains("550"))
        #expect(try server.received().map { $0["to"] } == ["a@acme.example", "b@acme.example"])
    }

    @Test("a wrong password, an untrusted certificate and a stopped server each give a clear, temporary failure")
    func failures() async throws {
        let server = try SMTPServerProcess()
        let message = SMTPMessage(from: "patchbay@corp.example", to: "a@acme.example", subject: "s", body: "b\n", date: Date())
        let wrong = await SMTPClient(settings: settings(server, password: "wrong")).send([message])
        guard case .failure(let auth) = wrong[0] else { Issue.record("accepted a wrong password"); return }
        #expect(auth.kind == .authentication && auth.message.contains("refused the login of 'patchbay'") && auth.fix.contains("smtp.password_file"))
        #expect(!auth.description.contains("wrong"), "the password never appears in a message")

        let untrusted = await SMTPClient(settings: settings(server, caFile: nil)).send([message])
        guard case .failure(let tls) = untrusted[0] else { Issue.record("trusted an unknown CA"); return }
        #expect(tls.kind == .tls && tls.fix.contains("smtp.ca_file"), "\(tls)")

        server.stop()
        let down = await SMTPClient(settings: settings(server)).send([message, message])
        #expect(down.count == 2)
        guard case .failure(let connection) = down[1] else { Issue.record("sent to a stopped server"); return }
        #expect(connection.kind == .connection && !connection.permanent && connection.message.contains("cannot connect"))
        #expect(try server.received().isEmpty)
    }

    @Test("plaintext a server sends with its EHLO answer or after its STARTTLS 220 ends the session; it is never read as the TLS session's answers",
          arguments: ["after", "before"])
    func starttlsInjection(mode: String) async throws {
        let port = try Loopback.freePort()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop/smtp_starttls_injector.py").path
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", script, String(port), mode]
        let out = Pipe()
        server.standardOutput = out
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        _ = out.fileHandleForReading.availableData
        let settings = SMTPSettings(host: "localhost", port: port, security: .starttls, username: "patchbay", password: "secret",
                                    from: "patchbay@corp.example", caFile: nil, timeoutSeconds: 20)
        let message = SMTPMessage(from: "patchbay@corp.example", to: "a@acme.example", subject: "s", body: "b\n", date: Date())
        let result = await SMTPClient(settings: settings).send([message])
        guard case .failure(let failure) = result.first else { Issue.record("delivered through an injected session"); return }
        #expect(failure.kind == .tls, "\(failure)")
        #expect(failure.message.contains("in plaintext around STARTTLS than it was asked for"), "\(failure)")
        #expect(failure.fix.contains("man in the middle"))
    }
}

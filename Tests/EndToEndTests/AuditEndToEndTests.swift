import Foundation
import Testing

@Suite("patchbay audit list")
struct AuditEndToEndTests {
    @Test("every command, failed ones included, leaves a record with user, tenant, operation, parameters and result")
    func everyCommandAudited() throws {
        let home = try DemoHome()
        _ = try home.run("tenant", "add", "--name", "initech", "--description", "Initech")
        _ = try home.run("tenant", "list")
        _ = try home.run("server", "delete", "NO-SUCH-SERVER")
        _ = try home.run("user", "lock", "acme-user")
        let result = try home.run("audit", "list", "--since", "1h", "--format", "json")
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]] ?? []
        let tail = rows.suffix(4)
        #expect(tail.map { $0["operation"] } == ["tenant add", "tenant list", "server delete", "user lock"])
        #expect(tail.allSatisfy { $0["user"] == "#COMMAND" })
        #expect(tail.map { $0["result"] } == ["SUCCESS", "SUCCESS", "FAILURE", "SUCCESS"])
        let add = tail.first!
        #expect(add["tenant"] == "initech")
        #expect(add["parameters"] == "name=initech description=Initech via=command")
        #expect(tail.dropFirst(2).first?["message"] == "there is no server 'NO-SUCH-SERVER'")
        #expect(Set(rows.map { $0.keys.sorted() }) == [["message", "operation", "parameters", "result", "tenant", "time", "user"]])
    }

    @Test("filters by user and by time; reading the log is itself audited")
    func filters() throws {
        let home = try DemoHome()
        let none = try home.run("audit", "list", "--user", "nobody", "--format", "csv")
        #expect(none.stdout.split(separator: "\n").count == 1, "header only")
        let future = try home.run("audit", "list", "--since", "2999-01-01", "--format", "csv")
        #expect(future.stdout.split(separator: "\n").count == 1)
        let commands = try home.run("audit", "list", "--user", "#COMMAND", "--format", "csv", "--limit", "2")
        let lines = commands.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.last?.contains("audit list") == true)
    }
}

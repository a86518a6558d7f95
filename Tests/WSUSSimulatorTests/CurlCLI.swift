import Foundation
import WSUSWire

/// The curl command-line tool as an independent NTLM client of the simulator.
enum CurlCLI {
    struct Result {
        var status: Int32
        var output: String
        var verbose: String
    }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-S"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let verbose = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                      verbose: String(decoding: verbose, as: UTF8.self))
    }

    /// POSTs one SOAP operation with NTLM; the output ends with "HTTP <code>".
    static func soap(_ url: String, user: String, password: String, operation: String, body: String) throws -> (code: Int, body: String) {
        let envelope = "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"\(WSUSNamespace.soap11)\"><soap:Body>\(body)</soap:Body></soap:Envelope>"
        let result = try run(["--ntlm", "-u", "\(user):\(password)", "-H", "Content-Type: text/xml; charset=utf-8",
                              "-H", "SOAPAction: \(WSUSNamespace.soapAction(operation))", "--data-binary", envelope,
                              "-w", "\nHTTP %{http_code}", url + WSUSNamespace.servicePath])
        let lines = result.output.components(separatedBy: "\nHTTP ")
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined())
    }

    static func json(_ url: String, method: String = "POST", body: String = "{}") throws -> (code: Int, body: String) {
        let result = try run(["-X", method, "-H", "Content-Type: application/json", "--data-binary", body, "-w", "\nHTTP %{http_code}", url])
        let lines = result.output.components(separatedBy: "\nHTTP ")
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined())
    }
}

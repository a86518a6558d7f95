import Foundation

/// Runs a program with input on stdin and collects its output, killing it when it overruns its time.
/// Output is read on background threads so a chatty child can never fill a pipe and stall.
struct ChildProcess {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    let executable: String
    let arguments: [String]
    var environment: [String: String]? = nil

    func run(input: Data, timeout: Duration) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let exited = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exited.continuation.yield(); exited.continuation.finish() }
        try process.run()
        let outData = Self.drain(stdout.fileHandleForReading)
        let errData = Self.drain(stderr.fileHandleForReading)
        stdin.fileHandleForWriting.write(input)
        try? stdin.fileHandleForWriting.close()

        let timedOut = await withTaskGroup(of: Bool.self) { group in
            group.addTask { for await _ in exited.stream {}; return false }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return !Task.isCancelled
            }
            let first = await group.next() ?? false
            if first || Task.isCancelled { kill(process.processIdentifier, SIGKILL) }
            group.cancelAll()
            return first
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: await outData.value, as: UTF8.self),
                      stderr: String(decoding: await errData.value, as: UTF8.self), timedOut: timedOut)
    }

    /// Reads on a dispatch thread: a blocking read must not hold one of the few cooperative threads.
    private static func drain(_ handle: FileHandle) -> Task<Data, Never> {
        Task {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: handle.readDataToEndOfFile()) }
            }
        }
    }
}

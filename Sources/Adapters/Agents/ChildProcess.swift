import Foundation

/// Runs a program with input on stdin and collects its output, killing it when it overruns its time.
/// Output is read on background threads so a chatty child can never fill a pipe and stall; standard output is
/// kept up to `outputLimit` bytes (the rest is read and dropped) and handed line by line to `onLine` as it comes.
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
    var outputLimit = 4 << 20

    func run(input: Data, timeout: Duration, onLine: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Result {
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
        let outData = Self.drain(stdout.fileHandleForReading, limit: outputLimit, onLine: onLine)
        let errData = Self.drain(stderr.fileHandleForReading, limit: 64 << 10, onLine: { _ in })
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
    private static func drain(_ handle: FileHandle, limit: Int, onLine: @escaping @Sendable (String) -> Void) -> Task<Data, Never> {
        Task {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    var kept = Data()
                    var pending = Data()
                    while true {
                        let chunk = handle.availableData
                        if chunk.isEmpty { break }
                        if kept.count < limit { kept.append(chunk.prefix(limit - kept.count)) }
                        pending.append(chunk)
                        var start = pending.startIndex
                        while let newline = pending[start...].firstIndex(of: 0x0A) {
                            onLine(String(decoding: pending[start..<newline], as: UTF8.self))
                            start = pending.index(after: newline)
                        }
                        pending.removeSubrange(pending.startIndex..<start)
                        // A line longer than the limit is not a line of the protocol: drop it rather than grow.
                        if pending.count > limit { pending.removeAll() }
                    }
                    if !pending.isEmpty { onLine(String(decoding: pending, as: UTF8.self)) }
                    continuation.resume(returning: kept)
                }
            }
        }
    }
}

import Foundation
import PatchbayCore
import Testing

@Suite("Job chains and job state")
struct JobChainTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    func chain(reboot: Bool = true) -> JobChain {
        JobChain(serverID: 1, serverName: "WEB01", kinds: ProcessKind.chain(preScript: false, reboot: reboot, postScript: false))
    }

    /// Runs processes to success until `failing` fails (if given).
    func run(_ chain: inout JobChain, failing: ProcessKind? = nil) {
        while let kind = chain.start(at: t0) {
            chain.finish(kind == failing ? .failed : .succeeded, at: t0, message: kind == failing ? "boom" : "ok")
            if kind == failing { return }
        }
    }

    @Test("the chain follows the operators' order and includes optional processes only when asked")
    func order() {
        #expect(ProcessKind.chain(preScript: true, reboot: true, postScript: true) == ProcessKind.allCases)
        #expect(ProcessKind.chain(preScript: false, reboot: false, postScript: false)
                == [.scheduleStandby, .operationCheck, .patchApplication, .verification])
    }

    @Test("a chain runs one process at a time and completes")
    func happyPath() {
        var chain = chain()
        #expect(chain.state == .pending)
        #expect(chain.start(at: t0) == .scheduleStandby)
        #expect(chain.state == .running)
        #expect(chain.start(at: t0) == nil, "one process at a time")
        chain.finish(.succeeded, at: t0, message: "time reached")
        run(&chain)
        #expect(chain.state == .completed)
        #expect(chain.processes.allSatisfy { $0.state == .succeeded })
    }

    @Test("a failure waits for action; retry runs the process again")
    func retry() throws {
        var chain = chain()
        run(&chain, failing: .patchApplication)
        #expect(chain.state == .waitingForAction)
        #expect(chain.start(at: t0) == nil, "nothing runs while waiting")
        try chain.apply(.retry, at: t0)
        #expect(chain.state == .running)
        #expect(chain.start(at: t0) == .patchApplication)
        chain.finish(.succeeded, at: t0, message: "installed")
        run(&chain)
        #expect(chain.state == .completed)
    }

    @Test("continue passes the failure over; the chain ends completed with errors")
    func continuePast() throws {
        var chain = chain()
        run(&chain, failing: .reboot)
        try chain.apply(.continue, at: t0)
        #expect(chain.start(at: t0) == .verification)
        chain.finish(.succeeded, at: t0, message: "pending reboot")
        #expect(chain.state == .completedWithErrors)
        #expect(chain.processes.first { $0.kind == .reboot }?.state == .failed, "the failure stays in the history")
    }

    @Test("cancel stops a waiting chain or one in schedule standby, but not a running process")
    func cancel() throws {
        var waiting = chain()
        run(&waiting, failing: .operationCheck)
        try waiting.apply(.cancel, at: t0)
        #expect(waiting.state == .cancelled)
        #expect(waiting.processes.first { $0.kind == .operationCheck }?.state == .failed)
        #expect(waiting.processes.last?.state == .cancelled)

        var standby = chain()
        _ = standby.start(at: t0)
        try standby.apply(.cancel, at: t0)
        #expect(standby.state == .cancelled)

        var applying = chain()
        run(&applying, failing: nil)
        var busy = chain()
        _ = busy.start(at: t0)
        busy.finish(.succeeded, at: t0, message: "")
        _ = busy.start(at: t0)
        #expect(throws: JobChain.ActionRefused.self) { try busy.apply(.cancel, at: t0) }
        #expect(throws: JobChain.ActionRefused.self) { try applying.apply(.cancel, at: t0) }
        #expect(throws: JobChain.ActionRefused.self) { try applying.apply(.retry, at: t0) }
    }

    @Test("the job state is derived from its chains")
    func jobState() throws {
        var done = chain(), failed = chain(), cancelled = chain(), fresh = chain()
        run(&done)
        run(&failed, failing: .verification)
        try cancelled.apply(.cancel, at: t0)
        #expect(JobState.of([fresh, fresh]) == .scheduled)
        #expect(JobState.of([done, fresh]) == .running)
        #expect(JobState.of([done, failed]) == .waitingForAction)
        #expect(JobState.of([done, done]) == .completed)
        #expect(JobState.of([done, cancelled]) == .completedWithErrors)
        #expect(JobState.of([cancelled, cancelled]) == .cancelled)
        try failed.apply(.continue, at: t0)
        #expect(JobState.of([done, failed]) == .completedWithErrors)
    }
}

@Suite("Windows Update result codes")
struct WindowsUpdateResultTests {
    @Test("common WUA codes are explained in plain language; unknown ones keep their code")
    func explanations() {
        #expect(WindowsUpdateResult.describe(0x8007_0643).hasPrefix("0x80070643 ERROR_INSTALL_FAILURE: a fatal error"))
        #expect(WindowsUpdateResult.explain(0x8024_6007).meaning.contains("not been downloaded"))
        #expect(WindowsUpdateResult.describe(0x8000_FFFF).hasPrefix("0x8000FFFF unknown"))
    }

    @Test("codes parse from hex with or without 0x, and from signed decimal")
    func parsing() {
        #expect(WindowsUpdateResult.parse("0x80070643") == 0x8007_0643)
        #expect(WindowsUpdateResult.parse("80240022") == 0x8024_0022)
        #expect(WindowsUpdateResult.parse("-2147023293") == 0x8007_0643)
        #expect(WindowsUpdateResult.parse("nonsense") == nil)
    }
}

import Foundation
import PatchbayCore

/// The daemon's mailer: sends due mail from the outbox, retrying with exponential backoff until the
/// configured number of attempts, after which the mail is dead (until an administrator resends it).
public struct Mailer: Sendable {
    public struct Policy: Sendable, Hashable {
        public var maxAttempts: Int
        /// The wait after the first failure; it doubles with every further one.
        public var retryBase: Duration
        public var pollInterval: Duration
        public var batchSize: Int

        public init(maxAttempts: Int = 5, retryBase: Duration = .seconds(60), pollInterval: Duration = .seconds(5), batchSize: Int = 50) {
            self.maxAttempts = maxAttempts
            self.retryBase = retryBase
            self.pollInterval = pollInterval
            self.batchSize = batchSize
        }

        /// How many seconds to wait before trying again after `attempts` failed attempts; nil when they are used up.
        public func retryDelay(after attempts: Int) -> Double? {
            guard attempts < maxAttempts else { return nil }
            return Double(retryBase.components.seconds) * pow(2, Double(max(attempts - 1, 0)))
        }
    }

    public struct Round: Sendable, Hashable {
        public var sent = 0
        public var retrying = 0
        public var dead = 0
    }

    let context: ServiceContext
    let transport: any MailTransport
    let policy: Policy
    let log: @Sendable (String) -> Void

    public init(context: ServiceContext, transport: any MailTransport, policy: Policy, log: @escaping @Sendable (String) -> Void) {
        self.context = context
        self.transport = transport
        self.policy = policy
        self.log = log
    }

    /// Until cancelled: every poll interval, send what is due.
    public func run() async {
        log("mailer started: up to \(policy.maxAttempts) attempts, first retry after \(policy.retryBase)")
        while !Task.isCancelled {
            let round = await deliverDue()
            if round != Round() { log("mailer: \(round.sent) sent, \(round.retrying) to retry, \(round.dead) dead") }
            try? await Task.sleep(for: policy.pollInterval)
        }
        log("mailer stopped")
    }

    /// One round: claims the due mails, sends them over one connection, records each outcome.
    @discardableResult
    public func deliverDue() async -> Round {
        // Held for a while so another mailer leaves them alone; the outcome below sets the real next time.
        guard let due = try? await context.store.write({ try await $0.mail.claimDue(holdSeconds: 600, limit: policy.batchSize) }),
              !due.isEmpty else { return Round() }
        let problems = await transport.deliver(due)
        var round = Round()
        for (mail, problem) in zip(due, problems) {
            let attempt: MailAttempt
            if let problem {
                let retryAfter = problem.permanent ? nil : policy.retryDelay(after: mail.attempts + 1)
                attempt = .failed(error: problem.message, retryAfter: retryAfter)
                if retryAfter == nil { round.dead += 1 } else { round.retrying += 1 }
                log("mail \(mail.id) to \(mail.recipient): attempt \(mail.attempts + 1) failed: \(problem.message)")
            } else {
                attempt = .sent
                round.sent += 1
            }
            _ = try? await context.store.write { try await $0.mail.record(attempt, mailID: mail.id) }
        }
        return round
    }
}

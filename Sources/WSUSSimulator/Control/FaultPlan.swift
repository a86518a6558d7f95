import Foundation
import Synchronization

/// Faults to inject into SOAP responses, so clients can be tested against a misbehaving WSUS.
public struct Fault: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Answer after `latency`.
        case latency
        /// HTTP 500 with a plain (non-SOAP) body, as an overloaded IIS does.
        case http500
        /// Send the headers and half of the body, then close the connection.
        case drop
        /// A 200 whose body is not well-formed XML.
        case malformed
        /// Never answer (the client's timeout must fire).
        case timeout
        /// A 200 whose body is damaged by ResponseMutation with `seed`: usually a hostile value in one text node.
        case mutate
    }

    public var kind: Kind
    /// The operation it applies to, or "*" for every operation.
    public var operation: String
    public var latency: Duration
    /// How many responses it affects; nil for all until cleared.
    public var remaining: Int?
    /// For `mutate`: which damage (ResponseMutation).
    public var seed: UInt64

    public init(kind: Kind, operation: String = "*", latency: Duration = .milliseconds(0), count: Int? = nil, seed: UInt64 = 0) {
        self.kind = kind
        self.operation = operation
        self.latency = latency
        self.remaining = count
        self.seed = seed
    }
}

final class FaultPlan: Sendable {
    private let faults = Mutex<[Fault]>([])

    func add(_ fault: Fault) { faults.withLock { $0.append(fault) } }

    func clear() { faults.withLock { $0.removeAll() } }

    var active: [Fault] { faults.withLock { $0 } }

    /// The fault for this response, if any, counting it down.
    func take(for operation: String) -> Fault? {
        faults.withLock { list in
            guard let index = list.firstIndex(where: { $0.operation == "*" || $0.operation == operation }) else { return nil }
            let fault = list[index]
            if let remaining = fault.remaining {
                if remaining <= 1 { list.remove(at: index) } else { list[index].remaining = remaining - 1 }
            }
            return fault
        }
    }
}

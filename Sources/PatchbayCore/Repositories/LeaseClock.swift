import Foundation

/// Which clock stamps and compares leases, heartbeats and due times in the CMDB. Every host of a shared CMDB
/// agrees on the database's clock, so a host whose own clock is off can neither take what another holds nor
/// let its own claims run out early; `fixed` is for tests that step time by hand.
public enum LeaseClock: Sendable, Hashable {
    case database
    case fixed(Date)
}

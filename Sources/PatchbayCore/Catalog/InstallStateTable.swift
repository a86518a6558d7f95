/// Install states of many computers, held compactly: a WSUS of 10,000 computers reports over a million
/// (computer, update) states, and as nested dictionaries of strings they took hundreds of MiB. Here each update
/// id is stored once and a state is four bytes (the update's number and the state's), so discovery holds a
/// whole server's report in tens of MiB and screens update ids once each, not once per state.
public struct InstallStateTable: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var updateIDs: [String] = []
    private var updateNumbers: [String: UInt32] = [:]
    /// computer id → (update number << 4 | state code), one entry per applicable update.
    private var packed: [String: [UInt32]] = [:]

    private static let states = InstallState.allCases
    private static let stateBits: UInt32 = 4

    public init() {}

    public init(dictionaryLiteral elements: (String, [String: InstallState])...) {
        for (computer, states) in elements { self[computer] = states }
    }

    /// Computers with states in the table.
    public var computerIDs: Dictionary<String, [UInt32]>.Keys { packed.keys }
    /// How many (computer, update) states the table holds.
    public var stateCount: Int { packed.values.reduce(0) { $0 + $1.count } }

    /// One computer's states, update id → state; nil when the table has none for it.
    public subscript(computerID: String) -> [String: InstallState]? {
        get {
            guard let entries = packed[computerID] else { return nil }
            var states: [String: InstallState] = [:]
            states.reserveCapacity(entries.count)
            for entry in entries { states[updateIDs[Int(entry >> Self.stateBits)]] = Self.states[Int(entry & 0xF)] }
            return states
        }
        set {
            guard let newValue else {
                packed[computerID] = nil
                return
            }
            var entries: [UInt32] = []
            entries.reserveCapacity(newValue.count)
            for (update, state) in newValue { entries.append(number(of: update) << Self.stateBits | Self.code(of: state)) }
            packed[computerID] = entries
        }
    }

    /// Drops every state of an update `keep` refuses, asking once per distinct update id.
    public mutating func keepUpdates(where keep: (String) -> Bool) {
        let kept = updateIDs.map(keep)
        guard kept.contains(false) else { return }
        packed = packed.mapValues { entries in entries.filter { kept[Int($0 >> Self.stateBits)] } }
    }

    /// Adds another table's computers (replacing any this one has), renumbering its updates once each.
    public mutating func merge(_ other: InstallStateTable) {
        let renumbered = other.updateIDs.map { number(of: $0) }
        for (computer, entries) in other.packed {
            packed[computer] = entries.map { renumbered[Int($0 >> Self.stateBits)] << Self.stateBits | $0 & 0xF }
        }
    }

    public static func == (a: InstallStateTable, b: InstallStateTable) -> Bool {
        guard Set(a.packed.keys) == Set(b.packed.keys) else { return false }
        return a.packed.keys.allSatisfy { a[$0] == b[$0] }
    }

    private mutating func number(of update: String) -> UInt32 {
        if let number = updateNumbers[update] { return number }
        let number = UInt32(updateIDs.count)
        precondition(number < 1 << 28, "more distinct update ids than an install state table holds")
        updateIDs.append(update)
        updateNumbers[update] = number
        return number
    }

    private static func code(of state: InstallState) -> UInt32 {
        UInt32(states.firstIndex(of: state)!)
    }
}

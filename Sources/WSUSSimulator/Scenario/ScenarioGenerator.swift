import Foundation
import WSUSWire

/// Large synthetic scenarios (e.g. 20,000 updates × 10,000 computers) for benchmarks and load tests.
/// Deterministic for a given seed. Each computer runs one Windows version plus two of many other
/// products, so it needs on the order of a hundred updates, as real servers do.
struct ScenarioGenerator {
    let updates: Int
    let computers: Int
    let seed: UInt64
    let now: Date

    static let windows = ["Windows Server 2016", "Windows Server 2019", "Windows Server 2022", "Windows Server 2025"]
    static let classifications = ["Security Updates", "Security Updates", "Critical Updates", "Updates", "Update Rollups", "Definition Updates"]
    static let severities: [String?] = ["Critical", "Important", "Important", "Moderate", "Low", nil]

    func generate(into data: inout WSUSData) {
        var random = SplitMix(seed: seed)
        let productCount = max(4, updates / 40)
        let products = Self.windows + (0..<productCount).map { "Microsoft Server Application \($0 + 1)" }
        let groups = (1...8).map { index in
            SimGroup(id: StableID.guid("generated-group:\(index)"), name: "Generated Group \(index)", parentID: BuiltInGroup.allComputers)
        }
        data.groups += groups
        for index in 0..<updates {
            let product = products[index % products.count]
            let released = now.addingTimeInterval(-Double(random.next(below: 3 * 365)) * 86_400)
            let kb = String(5_100_000 + index)
            var update = SimUpdate(
                id: StableID.guid("generated-update:\(seed):\(index)"), title: "Generated update for \(product) (KB\(kb))",
                description: "Synthetic update \(index) of a generated scenario.", kbs: [kb],
                classification: Self.classifications[random.next(below: Self.classifications.count)], products: [product],
                msrcSeverity: Self.severities[random.next(below: Self.severities.count)], creationDate: released, arrivalDate: released,
                rebootBehavior: random.next(below: 3))
            update.infoURLs = ["https://support.microsoft.com/help/\(kb)"]
            data.add(update)
        }
        let byProduct = Dictionary(grouping: data.updates.indices, by: { data.updates[$0].products.first ?? "" })
        for index in 0..<computers {
            let os = Self.windows[random.next(below: Self.windows.count)]
            let extra = (0..<2).map { _ in products[Self.windows.count + random.next(below: products.count - Self.windows.count)] }
            var computer = SimComputer(
                id: StableID.guid("generated-computer:\(seed):\(index)"), fullDomainName: "gen\(index).generated.example",
                ipAddress: "10.\(index / 65_536 % 256).\(index / 256 % 256).\(index % 256)", osName: os,
                lastSyncTime: now.addingTimeInterval(-Double(random.next(below: 72 * 3600))),
                lastReportedStatusTime: now.addingTimeInterval(-Double(random.next(below: 96 * 3600))),
                groupIDs: [groups[index % groups.count].id])
            computer.otherProducts = extra
            var states: [String: InstallationState] = [:]
            for product in [os] + extra {
                for updateIndex in byProduct[product] ?? [] {
                    let roll = random.next(below: 10)
                    states[data.updates[updateIndex].id] = roll < 6 ? .installed : (roll < 9 ? .notInstalled : .failed)
                }
            }
            data.computers.append(computer)
            data.states[computer.id] = states
            data.statesChangedAt[computer.id] = computer.lastReportedStatusTime
        }
    }
}

/// A small, fast, seedable generator (SplitMix64).
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
}

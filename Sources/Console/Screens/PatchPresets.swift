import PatchbayCore

/// Ready-made narrowings of the patch list, combined with each other and with the `/` filter: required only,
/// still needed in scope only, one classification, one severity, one product.
public struct PatchPresets: Sendable, Hashable {
    public var requiredOnly = false
    public var neededOnly = false
    public var classification: String?
    public var severity: String?
    public var product: String?

    public init() {}

    public var isEmpty: Bool { self == PatchPresets() }

    func admits(_ row: PatchRow) -> Bool {
        (!requiredOnly || row.policy == .required) && (!neededOnly || row.needed > 0)
            && (classification.map { $0 == row.classification } ?? true) && (severity.map { $0 == row.severity } ?? true)
            && (product.map { row.products.split(separator: "\n").contains(Substring($0)) } ?? true)
    }

    /// "required, needed, Security Updates" for the title bar.
    public func summary(_ strings: ConsoleStrings) -> String {
        var parts: [String] = []
        if requiredOnly { parts.append(strings.presetRequired) }
        if neededOnly { parts.append(strings.presetNeeded) }
        parts += [classification, severity.map { $0.isEmpty ? "\(strings.severityWord): \(strings.noneWord)" : strings.severity($0) }, product].compactMap { $0 }
        return parts.joined(separator: ", ")
    }

    /// One line of the preset picker.
    public enum Choice: Sendable, Hashable {
        case clear, requiredOnly, neededOnly, classification(String), severity(String), product(String)
    }

    /// What the picker offers for these rows: the switches, then every classification, severity and product present.
    static func choices(for rows: [PatchRow]) -> [Choice] {
        let classifications = Set(rows.map(\.classification)).sorted()
        let severities = Set(rows.map(\.severity)).sorted { PatchListScreen.severityRank($0) > PatchListScreen.severityRank($1) }
        let products = Set(rows.flatMap { $0.products.split(separator: "\n").map(String.init) }).sorted()
        return [.clear, .requiredOnly, .neededOnly] + classifications.map(Choice.classification) + severities.map(Choice.severity)
            + products.map(Choice.product)
    }

    /// Choosing a switch flips it; choosing a value sets it, or clears it when it was already set.
    mutating func choose(_ choice: Choice) {
        switch choice {
        case .clear: self = PatchPresets()
        case .requiredOnly: requiredOnly.toggle()
        case .neededOnly: neededOnly.toggle()
        case .classification(let value): classification = classification == value ? nil : value
        case .severity(let value): severity = severity == value ? nil : value
        case .product(let value): product = product == value ? nil : value
        }
    }

    func isChosen(_ choice: Choice) -> Bool {
        switch choice {
        case .clear: return false
        case .requiredOnly: return requiredOnly
        case .neededOnly: return neededOnly
        case .classification(let value): return classification == value
        case .severity(let value): return severity == value
        case .product(let value): return product == value
        }
    }

    static func label(_ choice: Choice, _ strings: ConsoleStrings) -> String {
        switch choice {
        case .clear: return strings.presetClear
        case .requiredOnly: return strings.presetRequiredOnly
        case .neededOnly: return strings.presetNeededOnly
        case .classification(let value): return "\(strings.classificationWord): \(value)"
        case .severity(let value): return "\(strings.severityWord): \(severityName(value, strings))"
        case .product(let value): return "\(strings.productWord): \(value)"
        }
    }

    /// Updates that are not security updates have no MSRC severity: the preset for them says so.
    static func severityName(_ value: String, _ strings: ConsoleStrings) -> String {
        value.isEmpty ? strings.noneWord : strings.severity(value)
    }
}

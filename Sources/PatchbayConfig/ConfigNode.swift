import Foundation
import PatchbayCore
import Yams

/// A YAML node that knows where it sits (its key path and line), so every complaint about a value
/// points at the exact spot in the file.
struct ConfigNode {
    let node: Node
    let path: String
    let file: String

    var mark: Mark? { node.mark }

    /// The root of a YAML file's text; an empty file or a syntax error is reported with the file (and the place).
    static func root(_ text: String, file: String, ifEmpty fix: String) throws -> ConfigNode {
        do {
            guard let node = try Yams.compose(yaml: text) else { throw PatchbayError.badArguments("\(file) is empty", fix: fix) }
            return ConfigNode(node: node, path: "", file: file)
        } catch let error as PatchbayError {
            throw error
        } catch let error as YamlError {
            throw PatchbayError.badArguments("\(file): not valid YAML: \(yamlProblem(error))", fix: "correct the YAML syntax at that place")
        } catch {
            throw PatchbayError.badArguments("\(file): not valid YAML: \(error)", fix: "correct the YAML syntax at that place")
        }
    }

    private static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)"
        default:
            return String(describing: error)
        }
    }

    func error(_ message: String, fix: String) -> PatchbayError {
        let place = mark.map { "\(file) line \($0.line), column \($0.column)" } ?? file
        let key = path.isEmpty ? "" : " (\(path))"
        return .badArguments("\(place)\(key): \(message)", fix: fix)
    }

    func mapping(allowing keys: [String]) throws -> ConfigMapping {
        guard let mapping = node.mapping else {
            throw error("expected a mapping of \(keys.joined(separator: ", "))", fix: "write it as 'key: value' lines indented under \(path.isEmpty ? "the top" : path)")
        }
        var entries: [String: ConfigNode] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let child = ConfigNode(node: value, path: path.isEmpty ? key : "\(path).\(key)", file: file)
            guard keys.contains(key) else {
                let keyPlace = ConfigNode(node: keyNode, path: child.path, file: file)
                let suggestion = keys.min { Self.distance($0, key) < Self.distance($1, key) }
                let hint = suggestion.map { Self.distance($0, key) <= 2 ? " Did you mean '\($0)'?" : "" } ?? ""
                throw keyPlace.error("unknown key '\(key)'.\(hint)", fix: "use one of: \(keys.joined(separator: ", "))")
            }
            entries[key] = child
        }
        return ConfigMapping(owner: self, entries: entries)
    }

    func sequence() throws -> [ConfigNode] {
        guard case .sequence(let items) = node else {
            throw error("expected a list", fix: "write each entry on its own line starting with '- '")
        }
        return items.enumerated().map { ConfigNode(node: $1, path: "\(path)[\($0)]", file: file) }
    }

    func string() throws -> String {
        guard let scalar = node.scalar, !scalar.string.isEmpty else {
            throw error("expected a text value", fix: "give \(path) a value")
        }
        return scalar.string
    }

    func int(in range: ClosedRange<Int>) throws -> Int {
        guard let value = node.int, range.contains(value) else {
            throw error("expected a whole number from \(range.lowerBound) to \(range.upperBound), found '\(node.scalar?.string ?? "a structure")'",
                        fix: "write a number in that range")
        }
        return value
    }

    func choice<E: RawRepresentable & CaseIterable>(_ type: E.Type) throws -> E where E.RawValue == String {
        let text = try string()
        guard let value = E(rawValue: text.lowercased()) else {
            let choices = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw error("'\(text)' is not one of \(choices)", fix: "use one of: \(choices)")
        }
        return value
    }

    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return row[b.count]
    }
}

struct ConfigMapping {
    let owner: ConfigNode
    let entries: [String: ConfigNode]

    subscript(_ key: String) -> ConfigNode? { entries[key] }

    func required(_ key: String, example: String) throws -> ConfigNode {
        guard let node = entries[key] else {
            throw owner.error("'\(key)' is missing", fix: "add '\(key): \(example)' under \(owner.path.isEmpty ? "the top level" : owner.path)")
        }
        return node
    }
}

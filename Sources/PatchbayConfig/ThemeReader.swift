import Console
import Foundation
import PatchbayCore
import Yams

/// Reads a console theme file (Themes/*.yaml): a style per semantic role and the border glyphs. Mistakes are
/// reported like those of patchbay.yaml, with the file, line and key path.
public enum ThemeReader {
    static let attributes = ["bold", "dim", "reverse", "underline"]

    public static func read(file path: String) throws -> Theme {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw PatchbayError.badArguments("cannot read the theme file \(path)", fix: "check that the file exists and is readable")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws -> Theme {
        let top = try ConfigNode.root(text, file: path, ifEmpty: "give the theme a 'roles:' mapping").mapping(allowing: ["name", "description", "roles", "borders"])
        let fileName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let name = try top["name"]?.string() ?? fileName
        var styles: [StyleRole: Theme.Style] = [:]
        let roles = try top.required("roles", example: "{normal: {}, title: {fg: cyan, attributes: [bold]}}")
            .mapping(allowing: StyleRole.allCases.map(\.rawValue))
        for (key, node) in roles.entries {
            styles[StyleRole(rawValue: key)!] = try style(node)
        }
        var borders: [Theme.BorderPiece: String] = [:]
        if let node = top["borders"] {
            let mapping = try node.mapping(allowing: Theme.BorderPiece.allCases.map(\.rawValue))
            for (key, glyph) in mapping.entries {
                let text = try glyph.string()
                guard DisplayWidth.of(text) == 1 else {
                    throw glyph.error("'\(text)' is not one character of one column", fix: "use a single narrow character such as '-' or '─'")
                }
                borders[Theme.BorderPiece(rawValue: key)!] = text
            }
        }
        return Theme(name: name, description: try top["description"]?.string() ?? "", styles: styles, borders: borders)
    }

    static func style(_ node: ConfigNode) throws -> Theme.Style {
        let m = try node.mapping(allowing: ["fg", "bg", "attributes"])
        var style = Theme.Style()
        if let fg = m["fg"] { style.foreground = try color(fg) }
        if let bg = m["bg"] { style.background = try color(bg) }
        for attribute in try m["attributes"]?.sequence() ?? [] {
            switch try attribute.string() {
            case "bold": style.bold = true
            case "dim": style.dim = true
            case "reverse": style.reverse = true
            case "underline": style.underline = true
            case let other:
                throw attribute.error("'\(other)' is not an attribute", fix: "use any of: \(attributes.joined(separator: ", "))")
            }
        }
        return style
    }

    static func color(_ node: ConfigNode) throws -> Theme.Color {
        let text = try node.string()
        guard let color = Theme.Color(name: text) else {
            throw node.error("'\(text)' is not a colour",
                             fix: "use default, \(Theme.Color.names.joined(separator: ", ")), bright-<name>, or a number 0-255")
        }
        return color
    }
}

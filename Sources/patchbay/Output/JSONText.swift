import Foundation
import PatchbayCore

/// JSON as Patchbay writes it: every character a terminal could act on (VisibleText.isUnsafe) is a `\uXXXX`
/// escape, so `cat`-ing the output is as safe as reading the table, and a JSON reader still gets the text.
enum JSONText {
    /// An array of objects whose fields keep column order (JSONEncoder would sort or shuffle them).
    static func render(_ listing: Listing) -> String {
        guard !listing.rows.isEmpty else { return "[]\n" }
        let objects = listing.rows.map { row in
            "  {" + zip(listing.columns, row).map { "\(quote($0)): \(quote($1))" }.joined(separator: ", ") + "}"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += escapedIfUnsafe(scalar)
            }
        }
        return out + "\""
    }

    /// JSONSerialization's output with the unsafe characters it leaves raw (DEL, C1, bidi controls) escaped.
    /// It escapes C0 inside strings itself, so a raw line feed is layout and stays; every other unsafe
    /// character can only be inside a string.
    static func hardened(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { $0 != "\n" && VisibleText.isUnsafe($0) }) else { return json }
        var out = ""
        for scalar in json.unicodeScalars { out += scalar == "\n" ? "\n" : escapedIfUnsafe(scalar) }
        return out
    }

    private static func escapedIfUnsafe(_ scalar: Unicode.Scalar) -> String {
        VisibleText.isUnsafe(scalar) ? String(format: "\\u%04x", scalar.value) : String(scalar)
    }
}

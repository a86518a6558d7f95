import Foundation
import PatchbayCore

/// Rows ready to print. Column keys are lower-case with dashes ("ip-address"); they head CSV columns,
/// name JSON fields and, upper-cased, head table columns.
struct Listing {
    var columns: [String]
    var rows: [[String]]

    func render(_ format: OutputFormat, width: Int?) -> String {
        switch format {
        case .table: return TableText.render(self, width: width)
        case .csv: return ([CSV.line(columns)] + rows.map(CSV.line)).map { $0 + "\n" }.joined()
        case .json: return JSONText.render(self)
        }
    }

    func print(_ format: OutputFormat) {
        Swift.print(render(format, width: TerminalSize.columns()), terminator: "")
    }
}

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
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

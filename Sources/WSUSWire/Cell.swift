import Foundation

/// One `<anyType>` of a GenericReadableRow: a typed SQL value or NULL (docs/wsus-protocol.md §5.3).
public enum Cell: Sendable, Hashable {
    case null
    case string(String)
    case int(Int)
    case bool(Bool)
    /// Naive UTC text as sent; kept as text so sentinels survive until someone asks for a Date.
    case dateTime(String)
    case guid(String)

    public static func date(_ date: Date?) -> Cell { date.map { .dateTime(WireDate.format($0)) } ?? .null }

    public var string: String? {
        switch self {
        case .string(let s), .dateTime(let s), .guid(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .null: return nil
        }
    }

    public var int: Int? {
        switch self {
        case .int(let i): return i
        case .string(let s): return Int(s)
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    public var bool: Bool? {
        switch self {
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .string(let s): return s == "1" || s.lowercased() == "true" ? true : (s == "0" || s.lowercased() == "false" ? false : nil)
        default: return nil
        }
    }

    /// The date, nil for NULL and for sentinels.
    public var date: Date? {
        switch self {
        case .dateTime(let s), .string(let s): return WireDate.parse(s)
        default: return nil
        }
    }

    /// GUIDs compare case-insensitively; this gives the lower-case form.
    public var guid: String? {
        switch self {
        case .guid(let s), .string(let s): return s.lowercased()
        default: return nil
        }
    }

    public var isNull: Bool { self == .null }

    /// The `<anyType>` element for this cell.
    public var xml: String {
        var out = ""
        append(to: &out)
        return out
    }

    /// Writes the `<anyType>` element onto `out`: a large response is one growing string, not a string per cell.
    public func append(to out: inout String) {
        switch self {
        case .null: out += "<anyType xsi:nil=\"true\" />"
        case .string(let s): out += "<anyType xsi:type=\"xsd:string\">"; out += XMLText.escape(s); out += "</anyType>"
        case .int(let i): out += "<anyType xsi:type=\"xsd:int\">"; out += String(i); out += "</anyType>"
        case .bool(let b): out += b ? "<anyType xsi:type=\"xsd:boolean\">true</anyType>" : "<anyType xsi:type=\"xsd:boolean\">false</anyType>"
        case .dateTime(let s): out += "<anyType xsi:type=\"xsd:dateTime\">"; out += s; out += "</anyType>"
        case .guid(let s): out += Self.guidOpening; out += s; out += "</anyType>"
        }
    }

    private static let guidOpening = "<anyType xmlns:q1=\"\(WSUSNamespace.guidTypes)\" xsi:type=\"q1:guid\">"

    /// Decodes a cell from its `xsi:type` local name and text.
    public static func decode(type: String?, text: String) -> Cell {
        switch type {
        case "string": return .string(text)
        case "int", "short", "long", "unsignedByte", "byte", "unsignedShort", "unsignedInt": return Int(text).map(Cell.int) ?? .string(text)
        case "boolean": return .bool(text == "true" || text == "1")
        case "dateTime": return .dateTime(text)
        case "guid": return .guid(text)
        default: return .string(text)
        }
    }
}

/// A row is its cells by position; real servers send more columns than documented, so readers index with bounds.
public struct Row: Sendable, Hashable {
    public var cells: [Cell]

    public init(_ cells: [Cell]) {
        self.cells = cells
    }

    public subscript(_ index: Int) -> Cell { index < cells.count ? cells[index] : .null }

    public var xml: String {
        var out = ""
        append(to: &out)
        return out
    }

    public func append(to out: inout String) {
        out += "<GenericReadableRow><Values>"
        for cell in cells { cell.append(to: &out) }
        out += "</Values></GenericReadableRow>"
    }
}

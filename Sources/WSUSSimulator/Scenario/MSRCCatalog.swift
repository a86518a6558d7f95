import Foundation

/// The real December 2023 security updates (MSRC CVRF, shipped as resources): KBs, severities, products,
/// supersedence and restart behaviour. Superseded November KBs are added as older updates, so the
/// catalog has a real supersedence chain for cleanup to work on.
enum MSRCCatalog {
    static let releaseDate = ISO8601DateFormatter().date(from: "2023-12-12T08:00:00Z")!
    static let previousRelease = ISO8601DateFormatter().date(from: "2023-11-14T08:00:00Z")!

    static func updates() throws -> [SimUpdate] {
        let summary = try resource("msrc-cvrf-2023-Dec-kb-summary")
        let byProduct = try resource("msrc-cvrf-2023-Dec-kb-by-product")
        var restart: [String: Bool] = [:]
        let productHeader = byProduct.first ?? []
        if let kbIndex = productHeader.firstIndex(of: "kb"), let restartIndex = productHeader.firstIndex(of: "restart_required") {
            for row in byProduct.dropFirst() where row.count > max(kbIndex, restartIndex) {
                restart[row[kbIndex], default: false] = restart[row[kbIndex], default: false] || row[restartIndex] == "Yes"
            }
        }
        let header = summary.first ?? []
        func column(_ row: [String], _ name: String) -> String {
            guard let index = header.firstIndex(of: name), index < row.count else { return "" }
            return row[index]
        }
        var updates: [SimUpdate] = []
        var older: [String: SimUpdate] = [:]
        for row in summary.dropFirst() {
            let kb = column(row, "kb")
            let number = String(kb.dropFirst(2))
            let products = column(row, "products").split(separator: ";").map(String.init)
            let severity = column(row, "max_msrc_severity")
            let subtype = column(row, "remediation_subtypes")
            let title = "2023-12 \(subtype) for \(summaryName(products)) (\(kb))"
            var update = SimUpdate(
                id: StableID.guid(kb), title: title,
                description: "Fixes \(column(row, "cve_count")) security vulnerabilities (December 2023). Fixed build: \(column(row, "fixed_builds")).",
                kbs: [number], classification: "Security Updates", products: products, msrcSeverity: severity.isEmpty ? nil : severity,
                creationDate: releaseDate, arrivalDate: releaseDate.addingTimeInterval(3 * 3600),
                rebootBehavior: restart[kb] == true ? 1 : 0)
            update.infoURLs = ["https://support.microsoft.com/help/\(number)"]
            for superseded in column(row, "supersedes_kbs").split(separator: ";").map(String.init) where !superseded.isEmpty {
                let oldNumber = String(superseded.dropFirst(2))
                if older[superseded] == nil {
                    var old = SimUpdate(
                        id: StableID.guid(superseded), title: "2023-11 \(subtype) for \(summaryName(products)) (\(superseded))",
                        description: "November 2023 update, superseded by \(kb).", kbs: [oldNumber], classification: "Security Updates",
                        products: products, msrcSeverity: severity.isEmpty ? nil : severity, creationDate: previousRelease,
                        arrivalDate: previousRelease.addingTimeInterval(3 * 3600), rebootBehavior: update.rebootBehavior)
                    old.infoURLs = ["https://support.microsoft.com/help/\(oldNumber)"]
                    older[superseded] = old
                }
                update.supersedes.append(StableID.guid(superseded))
            }
            updates.append(update)
        }
        return older.values.sorted { $0.kbs[0] < $1.kbs[0] } + updates
    }

    /// "Windows Server 2022" for a list of its editions; the first product and a count otherwise.
    private static func summaryName(_ products: [String]) -> String {
        guard let first = products.first else { return "Microsoft products" }
        let base = first.replacingOccurrences(of: " (Server Core installation)", with: "")
        return products.count > 2 ? "\(base) and \(products.count - 1) more products" : base
    }

    private static func resource(_ name: String) throws -> [[String]] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw SimulatorError("the bundled MSRC data \(name).csv is missing")
        }
        return SimpleCSV.rows(text)
    }
}

/// Enough CSV for the bundled data files (quoted fields with commas).
enum SimpleCSV {
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\r": break
            case "\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

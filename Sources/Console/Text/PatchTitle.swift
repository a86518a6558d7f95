import PatchbayCore

/// A WSUS title said product first when its column is too narrow for the whole of it. At 80 columns every
/// title would read "2023-12 Security Update for"; the date and the KB have columns of their own, so what
/// is left to tell the patches apart is the product:
/// "2023-12 Security Update for Windows Server 2022 (KB5033118)" → "Windows Server 2022 · Security Update".
enum PatchTitle {
    static func fitted(_ title: String, width: Int) -> String {
        guard DisplayWidth.of(title) > width else { return title }
        var text = Substring(title)
        if let month = text.firstMatch(of: #/^\d{4}-\d{2} /#) { text = text[month.range.upperBound...] }
        if let kb = text.firstMatch(of: #/ \(KB\d+\)$/#) { text = text[..<kb.range.lowerBound] }
        guard let separator = text.range(of: " for ") else { return String(text) }
        let kind = text[..<separator.lowerBound], product = text[separator.upperBound...]
        guard !product.isEmpty, !kind.isEmpty else { return String(text) }
        return "\(product) · \(kind)"
    }
}

import PatchbayCore

/// Shared rules for the names operators type: ids, tenant and server names, e-mail addresses.
enum NameRules {
    /// A printable name without surrounding blanks: tenant names may be Japanese, so no ASCII-only rule.
    static func checkDisplayName(_ name: String, what: String, input: Remedy.Input, maxLength: Int = 64) throws {
        if name.isEmpty {
            throw PatchbayError.badArguments("the \(what) is empty", remedy: .fillIn(input))
        }
        if name != name.trimmingWhitespace() {
            throw PatchbayError.badArguments("the \(what) '\(name)' starts or ends with blanks", fix: "remove the surrounding blanks")
        }
        if name.count > maxLength {
            throw PatchbayError.badArguments("the \(what) '\(name)' is longer than \(maxLength) characters", fix: "choose a shorter \(what)")
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw PatchbayError.badArguments("the \(what) contains a control character", fix: "use printable characters only")
        }
    }

    /// User ids travel in audit records, mail and SSH logins, so they stay within a safe ASCII set.
    static func checkUserID(_ id: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-")
        guard !id.isEmpty, id.count <= 64, id.allSatisfy(allowed.contains), id.first != "-" else {
            throw PatchbayError.badArguments(
                "'\(id)' is not a valid user id",
                fix: "use 1 to 64 letters, digits, '.', '_', '@' or '-' (not starting with '-')")
        }
    }

    static func checkEmail(_ email: String) throws {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        let valid = parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && !email.contains(where: { $0.isWhitespace || $0 == "," || $0 == "<" || $0 == ">" })
        guard valid else {
            throw PatchbayError.badArguments("'\(email)' is not an e-mail address", fix: "write it as name@example.com")
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

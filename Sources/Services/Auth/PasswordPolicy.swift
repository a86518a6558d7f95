import PatchbayCore

/// What a new password must be. Checked before hashing so that a weak password never reaches the CMDB.
public enum PasswordPolicy {
    public static let minimumLength = 10

    public static func check(_ password: String, userID: String) throws {
        if password.count < minimumLength {
            throw PatchbayError.badArguments(
                "the password is too short (\(password.count) characters)",
                fix: "choose a password of at least \(minimumLength) characters")
        }
        if password.lowercased().contains(userID.lowercased()) {
            throw PatchbayError.badArguments("the password contains the user id",
                                             fix: "choose a password that does not contain '\(userID)'")
        }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw PatchbayError.badArguments("the password contains a control character",
                                             fix: "use printable characters only")
        }
    }
}

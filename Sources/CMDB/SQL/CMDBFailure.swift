import PatchbayCore
import SQLiteNIO

/// Turns SQLite errors into messages a person can act on; errors that already are one pass through.
enum CMDBFailure {
    static func wrap(_ error: any Error, path: String) -> any Error {
        if error is PatchbayError { return error }
        if let sqlite = error as? SQLiteError {
            switch sqlite.reason {
            case .busy, .busyTimeout, .locked:
                return PatchbayError(.conflict, "the CMDB at \(path) stayed locked by another Patchbay process",
                                     fix: "wait for the other command to finish and run this one again")
            case .readOnly, .readonlyInRecovery, .readonlyCantLock, .readonlyInRollback, .readonlyBackingMoved, .readonlyDirectory,
                 .permission, .cantOpen, .cantOpenDirectory, .cantOpenInvalidPath:
                return PatchbayError.fileError("the CMDB at \(path) cannot be written: \(sqlite.message)",
                                               fix: "run as a user who may write the file and its directory")
            case .notADatabase, .corrupt, .corruptIndex:
                return PatchbayError.fileError("\(path) is not a readable CMDB: \(sqlite.message)",
                                               fix: "point cmdb.sqlite at a Patchbay CMDB, or restore the file from a backup")
            default:
                break
            }
        }
        return error
    }
}

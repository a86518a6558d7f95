import Foundation
import PatchbayCore

/// Every line Patchbay prints for a person passes here, so text from WSUS, servers or a typed id can never
/// drive the terminal (VisibleText). CSV into a pipe or file is written raw on purpose (Listing): it is for
/// spreadsheets.
enum Say {
    static func line(_ line: String = "") {
        text(line + "\n")
    }

    static func text(_ text: String) {
        FileHandle.standardOutput.write(Data(VisibleText.page(text).utf8))
    }

    /// CSV into a pipe: kept as it is, formulas neutralised by CSV.spreadsheetLine.
    static func raw(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(VisibleText.page(text + "\n").utf8))
    }
}

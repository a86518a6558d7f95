import Foundation

/// A private folder (0700, under $TMPDIR) for WSUS responses while they are parsed: a catalog response holds
/// the whole patch inventory and every computer's name, so nobody else on the host may read it. Each file
/// is created 0600 and exclusively (never an existing file or a planted link); the folder goes with the spool.
final class ResponseSpool: @unchecked Sendable {
    let folder: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "patchbay-wsus-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw WSUSError(kind: .malformedResponse, message: "cannot create a private folder for WSUS responses in \(NSTemporaryDirectory()): \(String(cString: strerror(errno)))",
                            fix: "check that TMPDIR (\(NSTemporaryDirectory())) exists, is writable and has free space")
        }
        folder = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A new empty file open for writing and reading back.
    func newFile() throws -> (file: UnsafeMutablePointer<FILE>, path: String) {
        let path = folder + "/response-\(UUID().uuidString).xml"
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0, let file = fdopen(descriptor, "w+") else {
            if descriptor >= 0 { close(descriptor) }
            throw WSUSError(kind: .malformedResponse, message: "cannot create a temporary file for the WSUS response in \(folder): \(String(cString: strerror(errno)))",
                            fix: "check free space in \(NSTemporaryDirectory())")
        }
        return (file, path)
    }
}

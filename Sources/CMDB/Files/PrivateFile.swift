import Foundation
import PatchbayCore

/// The CMDB holds password hashes and every tenant's data: Patchbay creates it 0600 (SQLite gives its -wal
/// and -shm files the database file's mode) and names an existing one that others may read.
enum PrivateFile {
    /// Creates `path` empty and 0600 unless it exists (an empty file is a new SQLite database).
    static func create(_ path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 { close(descriptor) }
    }

    /// `path` and its -wal/-shm files that group or others may read or write, with their modes.
    static func exposed(_ path: String) -> [(path: String, mode: Int)] {
        [path, path + "-wal", path + "-shm"].compactMap { file in
            var info = stat()
            guard stat(file, &info) == 0 else { return nil }
            let mode = Int(info.st_mode) & 0o777
            return mode & 0o077 != 0 ? (file, mode) : nil
        }
    }

    static func warning(_ exposed: [(path: String, mode: Int)]) -> String? {
        guard !exposed.isEmpty else { return nil }
        let files = exposed.map { "\($0.path) (mode \(String($0.mode, radix: 8)))" }.joined(separator: ", ")
        return "warning: the CMDB is readable by others: \(files); it holds password hashes and every tenant's data. "
            + "Fix: chmod 600 \(exposed.map(\.path).joined(separator: " "))"
    }
}

import Foundation
import PatchbayCore

/// Writes a file so that readers see the old content or the new, never half of it: a temporary file in
/// the same folder, flushed, then renamed over the target.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        let writer = try Writer(path: path)
        try writer.write(text)
        try writer.commit()
    }

    /// A file written piece by piece and put in place at `commit`; dropped (the target untouched) if the writer
    /// goes away uncommitted.
    final class Writer {
        let path: String
        private let temporary: String
        private let handle: FileHandle
        private var committed = false

        init(path: String) throws {
            let url = URL(fileURLWithPath: path)
            let folder = url.deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw PatchbayError.fileError("the folder \(folder) of --output does not exist", fix: "create it or choose another --output path")
            }
            self.path = path
            temporary = folder + "/." + url.lastPathComponent + ".\(getpid()).tmp"
            guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
                throw PatchbayError.fileError("cannot write \(temporary)", fix: "check that you may write to \(folder)")
            }
            self.handle = handle
        }

        deinit {
            if !committed {
                try? handle.close()
                unlink(temporary)
            }
        }

        func write(_ text: String) throws {
            do {
                try handle.write(contentsOf: Data(text.utf8))
            } catch {
                throw PatchbayError.fileError("cannot write \(temporary): \(error.localizedDescription)", fix: "check the free space where --output points")
            }
        }

        func commit() throws {
            try? handle.synchronize()
            try? handle.close()
            committed = true
            guard rename(temporary, path) == 0 else {
                unlink(temporary)
                throw PatchbayError.fileError("cannot replace \(path): \(String(cString: strerror(errno)))", fix: "check the permissions of \(path)")
            }
        }
    }
}

import Foundation
import PatchbayCore

/// Writes a file so that readers see the old content or the new, never half of it: a temporary file in
/// the same folder, flushed, then renamed over the target.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PatchbayError.fileError("the folder \(folder) of --output does not exist", fix: "create it or choose another --output path")
        }
        let temporary = folder + "/." + url.lastPathComponent + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw PatchbayError.fileError("cannot write \(temporary)", fix: "check that you may write to \(folder)")
        }
        let fd = open(temporary, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw PatchbayError.fileError("cannot replace \(path): \(String(cString: strerror(errno)))", fix: "check the permissions of \(path)")
        }
    }
}

import Foundation
import PatchbayCore
import Synchronization

/// A lock file beside the CMDB, held with flock(2): the kernel drops it when the holder's process ends,
/// so a crashed discovery never leaves a stale lock. The file names its holder for the refusal message.
final class FileLock: HeldLock {
    private let descriptor: Mutex<Int32?>

    private init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    static func acquire(path: String, name: String, holder: String) throws -> FileLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw PatchbayError.fileError("cannot create the lock file \(path): \(String(cString: strerror(errno)))",
                                          fix: "run as a user who may write the CMDB's folder")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 512)
            let count = pread(fd, &buffer, buffer.count, 0)
            close(fd)
            let current = count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "another process"
            throw PatchbayError.conflict("\(name) is already running: \(current)",
                                         fix: "wait for it to finish (or stop that process) and run the command again")
        }
        ftruncate(fd, 0)
        let text = holder + "\n"
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        return FileLock(descriptor: fd)
    }

    func release() {
        descriptor.withLock { fd in
            guard let open = fd else { return }
            ftruncate(open, 0)
            flock(open, LOCK_UN)
            close(open)
            fd = nil
        }
    }

    deinit { release() }
}

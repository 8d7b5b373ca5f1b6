import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that readers see the old contents or the new, never a mix.
public enum AtomicFile {
    /// Why an atomic write failed.
    public struct WriteError: Error, CustomStringConvertible {
        /// What went wrong, with the system's reason.
        public let description: String
    }

    /// Writes `bytes` to a temporary file in `url`'s folder, flushes it to disk,
    /// and renames it over `url`. On failure the temporary file is removed and
    /// `url` is untouched.
    public static func write(_ bytes: [UInt8], to url: URL) throws(WriteError) {
        let directory = url.deletingLastPathComponent().path
        let temporary = "\(directory.isEmpty ? "." : directory)/.\(url.lastPathComponent).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw WriteError(description: "cannot create '\(temporary)': \(systemError())") }
        var written = 0
        let failure: String? = bytes.withUnsafeBytes { raw -> String? in
            while written < raw.count {
                let result = Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return "write failed: \(systemError())"
                }
                written += result
            }
            return fsync(descriptor) == 0 ? nil : "fsync failed: \(systemError())"
        }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw WriteError(description: failure)
        }
        guard rename(temporary, url.path) == 0 else {
            let reason = systemError()
            unlink(temporary)
            throw WriteError(description: "cannot rename into place: \(reason)")
        }
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}

import Foundation

/// This process's memory as Linux reports it in `/proc/self/status`.
enum ProcessMemory {
    /// Resident set size now, in bytes (`VmRSS`), or nil where `/proc` is missing.
    static var resident: Int? { field("VmRSS") }

    /// The highest resident set size so far, in bytes (`VmHWM`).
    static var peakResident: Int? { field("VmHWM") }

    /// Resets the peak to the current resident size by writing `5` to
    /// `/proc/self/clear_refs` (Linux 4.0 and later), so that a peak measured
    /// afterwards excludes what came before (model loading).
    ///
    /// - Returns: whether the kernel accepted the reset.
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Array("5".utf8))
            return true
        } catch {
            return false
        }
    }

    /// A `kB` field of `/proc/self/status`, in bytes.
    private static func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let number = line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first
            return number.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }
}

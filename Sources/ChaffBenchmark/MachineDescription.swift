import Foundation

/// The machine a run measured, for the header of the table.
enum MachineDescription {
    /// Active processors (what the concurrency runtime schedules on).
    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The CPU model from `/proc/cpuinfo`, or "unknown".
    static var cpuModel: String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in info.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") { return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
        }
        return "unknown"
    }

    /// Physical memory, in GB (10^9 bytes).
    static var memoryGigabytes: Double { Double(ProcessInfo.processInfo.physicalMemory) / 1e9 }
}

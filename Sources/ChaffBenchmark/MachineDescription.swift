import Foundation

/// The machine a run measured, for the header of the table.
enum MachineDescription {
    /// Active processors (what the concurrency runtime schedules on).
    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The CPU model from `/proc/cpuinfo`, or "unknown".
    static var cpuModel: String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        return cpuModel(cpuinfo: info)
    }

    /// The first processor's model name in a `/proc/cpuinfo` text, with its
    /// family and model numbers where given: virtual machines often name
    /// only the vendor ("Intel(R) Xeon(R) Processor"), and the numbers tell
    /// one generation from another (family 6 model 207 is not model 85).
    static func cpuModel(cpuinfo: String) -> String {
        // Each field's first value: the first processor's.
        var fields: [String: String] = [:]
        for line in cpuinfo.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            fields[key] = fields[key] ?? line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let name = fields["model name"] else { return "unknown" }
        guard let family = fields["cpu family"], let model = fields["model"] else { return name }
        return "\(name) (family \(family) model \(model))"
    }

    /// Physical memory, in GB (10^9 bytes).
    static var memoryGigabytes: Double { Double(ProcessInfo.processInfo.physicalMemory) / 1e9 }
}

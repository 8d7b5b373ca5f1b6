/// Why a model file could not be read or written. Every case names the file.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The file does not start with the model magic: not a Chaff model.
    case notAModel(path: String)
    /// The file is a Chaff model of a format version this build cannot read.
    case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
    /// The file ends before its trailer or a section: cut short by a crash or a copy.
    case truncated(path: String, size: Int)
    /// A checksum does not match the contents: the file was altered or damaged.
    /// `section` names the section whose payload is damaged; nil for the
    /// header and section table.
    case checksumMismatch(path: String, section: String?, stored: UInt32, computed: UInt32)
    /// A section is missing.
    case missingSection(path: String, section: String)
    /// A section's contents are inconsistent.
    case malformedSection(path: String, section: String, reason: String)
    /// The model could not be written.
    case unwritable(path: String, reason: String)

    /// A lowercase message that says which file and what is wrong.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read model file '\(path)': \(reason)"
        case .notAModel(let path):
            return "'\(path)' is not a Chaff model file (wrong magic bytes)"
        case .unsupportedVersion(let path, let found, let supported):
            return "model file '\(path)' has format version \(found); this chaff reads version \(supported) (retrain the model or use a matching chaff)"
        case .truncated(let path, let size):
            return "model file '\(path)' is truncated (\(size) bytes, trailer missing or incomplete)"
        case .checksumMismatch(let path, let section, let stored, let computed):
            let part = section.map { "section '\($0)'" } ?? "header"
            return "model file '\(path)' is damaged: \(part) checksum \(hex(computed)) does not match stored \(hex(stored))"
        case .missingSection(let path, let section):
            return "model file '\(path)' lacks its '\(section)' section"
        case .malformedSection(let path, let section, let reason):
            return "model file '\(path)': section '\(section)' is malformed: \(reason)"
        case .unwritable(let path, let reason):
            return "cannot write model file '\(path)': \(reason)"
        }
    }
}

private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}

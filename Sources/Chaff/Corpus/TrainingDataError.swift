/// Why labeled data could not be read. Every case says where.
public enum TrainingDataError: Error, Equatable, CustomStringConvertible {
    /// A file or folder could not be read.
    case unreadable(path: String, reason: String)
    /// A file's name says neither `.tsv`, `.jsonl` nor `.jsonl.gz`.
    case unsupportedFile(path: String)
    /// A JSONL record is not valid JSON or not an object.
    case malformedRecord(path: String, line: Int, reason: String)
    /// A JSONL record lacks `lines` or `labels`, or has them of the wrong type.
    case missingField(path: String, line: Int, field: String)
    /// `lines` and `labels` differ in length.
    case labelCountMismatch(path: String, line: Int, lines: Int, labels: Int)
    /// A label is neither 0 nor 1 (nor `spam`/`ham` in TSV).
    case invalidLabel(path: String, line: Int, label: String)
    /// A TSV line has no tab.
    case malformedTSV(path: String, line: Int)
    /// A `.gz` file could not be decompressed.
    case corruptGzip(path: String, reason: String)

    /// A lowercase message naming the file and line.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read '\(path)': \(reason)"
        case .unsupportedFile(let path): return "'\(path)': not labeled data (expected .tsv, .jsonl or .jsonl.gz)"
        case .malformedRecord(let path, let line, let reason): return "\(path):\(line): invalid JSON record: \(reason)"
        case .missingField(let path, let line, let field): return "\(path):\(line): record lacks '\(field)' (see DESIGN.md for the format)"
        case .labelCountMismatch(let path, let line, let lines, let labels):
            return "\(path):\(line): \(lines) lines but \(labels) labels"
        case .invalidLabel(let path, let line, let label): return "\(path):\(line): invalid label '\(label)' (use 0/1, or spam/ham in TSV)"
        case .malformedTSV(let path, let line): return "\(path):\(line): expected 'spam<TAB>text' or 'ham<TAB>text'"
        case .corruptGzip(let path, let reason): return "'\(path)': corrupt gzip data: \(reason)"
        }
    }
}

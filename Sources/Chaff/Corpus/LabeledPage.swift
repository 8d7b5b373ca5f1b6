/// A page whose lines are labeled injected or legitimate: the unit of training
/// and evaluation.
public struct LabeledPage: Sendable, Equatable {
    /// The page's identifier (the JSONL `id`, or `file:line` for TSV lines).
    public var id: String
    /// The page's lines.
    public var lines: [String]
    /// `labels[i]` is true when `lines[i]` was injected.
    public var labels: [Bool]
    /// Grouping fields for per-group figures (`lang`, `variant`), when present.
    public var groups: [String: String]
    /// Whether the lines are unrelated to each other (TSV data) rather than a
    /// page: they are then featured one by one, without page context.
    public var independentLines: Bool
    /// What keeps related pages in one cross-validation fold: the record's
    /// `doc_id` when it has one (variants of one article), else its `id`.
    public var foldKey: String
    /// For pages given as HTML: each line's markup.
    public var markup: [LineMarkup]?

    /// Creates a labeled page; `labels` must have one entry per line.
    public init(id: String, lines: [String], labels: [Bool], groups: [String: String] = [:], independentLines: Bool = false,
                foldKey: String? = nil) {
        precondition(lines.count == labels.count, "one label per line")
        self.id = id
        self.lines = lines
        self.labels = labels
        self.groups = groups
        self.independentLines = independentLines
        self.foldKey = foldKey ?? id
    }

    /// Whether any line is injected.
    public var isInjected: Bool { labels.contains(true) }

    /// A 64-bit digest of the page's lines and labels (FNV-1a). The corpus digest
    /// is the wrapping sum of page digests: independent of order and additive
    /// over shards.
    public var digest: UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for (line, label) in zip(lines, labels) {
            var line = line
            line.withUTF8 { bytes in
                for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            }
            hash = (hash ^ (label ? 0x31 : 0x30)) &* 0x0000_0100_0000_01B3
            hash = (hash ^ 0x0A) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

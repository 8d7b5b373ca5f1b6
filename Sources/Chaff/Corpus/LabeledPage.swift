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

    /// A 64-bit digest of the page's lines and labels. The corpus digest is
    /// the wrapping sum of page digests: independent of order and additive
    /// over shards.
    ///
    /// Each line's UTF-8 is read eight bytes at a time as little-endian
    /// words (the last one padded with zeros), then one word of the line's
    /// byte count and label, so that neither bytes moved across a line end
    /// nor a flipped label go unseen. Each word is xored in, multiplied and
    /// folded (`h = (h ^ w) &* 0x9E3779B97F4A7C15; h ^= h >> 32`).
    ///
    /// Until 1 December 2026 the digest was FNV-1a byte by byte, which waits
    /// on a multiply per byte: 3.6% of the time of adding a page, against
    /// 1.2% now. Models trained before then carry that digest of their data
    /// (under the same format version), so it differs from a newer model's
    /// digest of the same data.
    public var digest: UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for (line, label) in zip(lines, labels) {
            var line = line
            // The running digest goes in and comes out of the closure: a
            // captured `var` mutated inside it paid a dynamic exclusivity
            // check per word.
            hash = line.withUTF8 { bytes in
                var hash = hash
                let raw = UnsafeRawBufferPointer(bytes)
                var offset = 0
                while offset &+ 8 <= raw.count {
                    hash = Self.mix(hash, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                    offset &+= 8
                }
                let rest = raw.count &- offset
                if rest > 0 {
                    // The last rest bytes, zero-padded: from the line's last
                    // eight bytes where it has eight, else copied.
                    var word: UInt64 = 0
                    if raw.count >= 8 {
                        word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count &- 8, as: UInt64.self))
                        word >>= UInt64(64 &- 8 &* rest)
                    } else {
                        withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset...])) }
                        word = UInt64(littleEndian: word)
                    }
                    hash = Self.mix(hash, word)
                }
                return Self.mix(hash, UInt64(raw.count) << 1 | (label ? 1 : 0))
            }
        }
        return hash
    }

    /// One step of ``digest``: `word` xored in, multiplied and folded.
    @inline(__always)
    private static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let product = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
        return product ^ product >> 32
    }
}

/// Per-class counts: the sufficient statistics of a naive Bayes model.
///
/// Every count is a number of labeled lines, so counts from shards of a corpus
/// add up to exactly the counts of the whole corpus: models merge by addition.
public struct FeatureCounts: Sendable, Equatable {
    /// Counts of one feature.
    public struct Entry: Sendable, Equatable {
        /// Injected lines that contain the feature.
        public var spam: UInt32
        /// Legitimate lines that contain the feature.
        public var ham: UInt32
        /// The feature's family (``FeatureFamily`` raw value).
        public var family: UInt8
    }

    /// Counts per feature key.
    public internal(set) var features = FeatureCountTable()
    /// Labeled non-empty lines per class: `[ham, spam]`.
    public internal(set) var lines: [UInt64] = [0, 0]
    /// Feature occurrences per family and class: `totals[family][class]`.
    public internal(set) var totals: [[UInt64]] = Array(repeating: [0, 0], count: FeatureFamily.allCases.count)

    /// Creates empty counts.
    public init() {}

    /// Adds one labeled line. Each distinct feature counts once per line.
    public mutating func add(_ line: LineFeatures, injected: Bool, sign: Int = 1) {
        let classIndex = injected ? 1 : 0
        lines[classIndex] = UInt64(Int(lines[classIndex]) + sign)
        add(line.ngramKeys, of: .ngram, injected: injected, sign: sign)
        add(line.shapeKeys, of: .shape, injected: injected, sign: sign)
        add(line.contextKeys, of: .context, injected: injected, sign: sign)
        add(line.markupKeys, of: .markup, injected: injected, sign: sign)
    }

    /// Adds (or with `sign` −1 removes) the keys of one family of a line
    /// without counting the line itself: the context and markup keys of a
    /// page line, whose other keys ``LineTallies`` counts, and the keys of a
    /// line the trainer does not cache.
    mutating func add<Keys: Collection<UInt32>>(_ keys: Keys, of family: FeatureFamily, injected: Bool, sign: Int = 1) {
        guard !keys.isEmpty else { return }
        let classIndex = injected ? 1 : 0
        totals[family.rawValue][classIndex] = UInt64(Int(totals[family.rawValue][classIndex]) + sign * keys.count)
        if sign > 0 {
            features.tally(keys, family: UInt8(family.rawValue), injected: injected)
        } else {
            for key in keys { add(key: key, family: family, injected: injected, sign: sign) }
        }
    }

    /// Counts `injected` injected and `legit` legitimate lines at once, whose
    /// keys ``add(_:of:injected:legit:)`` adds family by family.
    mutating func countLines(injected: UInt32, legit: UInt32) {
        lines[1] += UInt64(injected)
        lines[0] += UInt64(legit)
    }

    /// Adds the keys of one family of `injected` injected and `legit`
    /// legitimate lines that all have exactly these keys: the counts of adding
    /// them line by line, in one pass over the keys.
    mutating func add(_ keys: UnsafeBufferPointer<UInt32>, of family: FeatureFamily, injected: UInt32, legit: UInt32) {
        guard !keys.isEmpty else { return }
        totals[family.rawValue][1] += UInt64(keys.count) * UInt64(injected)
        totals[family.rawValue][0] += UInt64(keys.count) * UInt64(legit)
        features.tally(keys, family: UInt8(family.rawValue), spam: injected, ham: legit)
    }

    /// Removes one labeled line added before (for held-out calibration).
    public mutating func remove(_ line: LineFeatures, injected: Bool) {
        add(line, injected: injected, sign: -1)
    }

    @inline(__always)
    mutating func add(key: UInt32, family: FeatureFamily, injected: Bool, sign: Int) {
        let familyIndex = family.rawValue
        if sign > 0 {
            features.update(key, initial: Entry(spam: 0, ham: 0, family: UInt8(familyIndex))) { $0.add(injected: injected) }
        } else if var entry = features[key] {
            if injected { entry.spam -= 1 } else { entry.ham -= 1 }
            features[key] = entry.spam == 0 && entry.ham == 0 ? nil : entry
        }
    }

    /// Adds another set of counts to these.
    ///
    /// Sums stop at the largest value their type holds instead of
    /// overflowing: a feature on more than four billion lines of the shards
    /// merged (a corpus of the web's size), or a model file whose counts were
    /// altered, keeps the largest count, where a wrapped sum would stop the
    /// program.
    public mutating func merge(_ other: FeatureCounts) {
        func sum(_ a: UInt64, _ b: UInt64) -> UInt64 {
            var sum = a
            sum.addSaturating(b)
            return min(sum, Self.largestCount)
        }
        for i in 0..<2 { lines[i] = sum(lines[i], other.lines[i]) }
        for f in totals.indices {
            for c in 0..<2 { totals[f][c] = sum(totals[f][c], other.totals[f][c]) }
        }
        features.reserveCapacity(features.count + other.features.count)
        for (key, entry) in other.features {
            features.update(key, initial: Entry(spam: 0, ham: 0, family: entry.family)) {
                $0.spam.addSaturating(entry.spam)
                $0.ham.addSaturating(entry.ham)
            }
        }
    }

    /// The most lines of a class, and feature occurrences of a family and
    /// class, that counts hold: 2⁶², so that adding a line's keys to them as
    /// `Int`s cannot overflow. A model file with more is refused as altered.
    public static let largestCount: UInt64 = 1 << 62

    /// Distinct features per family.
    public var vocabularySizes: [Int] {
        var sizes = [Int](repeating: 0, count: FeatureFamily.allCases.count)
        for entry in features.values { sizes[Int(entry.family)] += 1 }
        return sizes
    }
}

extension FeatureCounts.Entry {
    @inline(__always)
    mutating func add(injected: Bool) {
        if injected { spam.addSaturating(1) } else { ham.addSaturating(1) }
    }
}

extension FixedWidthInteger where Self: UnsignedInteger {
    /// Adds `other`, stopping at the largest value instead of overflowing:
    /// a feature's count past four billion lines (merged shards of a corpus
    /// of the web's size, or an altered model file continued) stays at the
    /// largest, where an overflow would stop the program.
    @inline(__always)
    mutating func addSaturating(_ other: Self) {
        let (sum, overflow) = addingReportingOverflow(other)
        self = overflow ? .max : sum
    }
}

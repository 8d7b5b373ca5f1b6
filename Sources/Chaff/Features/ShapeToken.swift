/// A line-structure feature: one measurement of ``LineStatistics``, bucketed.
///
/// Naive Bayes needs categorical features, so each measurement becomes one of a
/// few buckets; the bucket edges were set by looking at where injected keyword
/// lines and ordinary text separate (keyword lines: many short segments, no
/// sentence punctuation, separator density above 0.05).
public struct ShapeToken: BucketedToken {
    /// What is measured.
    public enum Measure: UInt32, Sendable, CaseIterable {
        case length = 1, separatorDensity, segments, meanSegmentLength, sentencePunctuation
        case endsWithSentence, ideographGaps, hanShare, latinShare, digitShare, kanaPresent
        case cyrillicPresent, repeatedSegments, domains, urls
        case segmentsWithoutSentences, lengthBySeparators
    }

    /// What is measured.
    public var measure: Measure
    /// The bucket the measurement fell in.
    public var bucket: UInt32

    /// Creates a token.
    public init(measure: Measure, bucket: UInt32) {
        self.measure = measure
        self.bucket = bucket
    }

    /// Tokens of this type hash under the shape kind.
    public static var featureKind: FeatureKind { .shape }
    /// The measure's raw value.
    public var measureCode: UInt32 { measure.rawValue }

    /// The bucket edges of separator density, shared with context tokens.
    static let separatorEdges: [Double] = [0.0001, 0.02, 0.05, 0.1, 0.2]

    /// The keys of a line's tokens.
    public static func keys(of s: LineStatistics) -> [UInt32] {
        var keys: [UInt32] = []
        appendKeys(of: s, to: &keys)
        return keys
    }

    /// Appends the keys of a line's tokens to `keys`.
    public static func appendKeys(of s: LineStatistics, to keys: inout [UInt32]) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: maximumKeysPerLine) { buffer in
            let count = writeKeys(of: s, into: buffer.baseAddress!)
            keys.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// Writes the keys of a line's tokens to `keys`, which has room for
    /// ``maximumKeysPerLine``, and returns how many: the scan's form, which
    /// reuses one buffer for every line of a page (appending to an array
    /// checked its uniqueness and capacity for every key).
    static func writeKeys(of s: LineStatistics, into keys: UnsafeMutablePointer<UInt32>) -> Int {
        let table = keyTable
        var count = 0
        visit(s) {
            keys[count] = table.key(code: $0.measure.rawValue, bucket: $0.bucket)
            count += 1
        }
        return count
    }

    /// The summed fixed-point weights of the tokens whose keys
    /// ``writeKeys(of:into:)`` writes, read by measure and bucket: a scorer's
    /// form, with no key to hash or look up.
    @inline(__always)
    static func fixedWeightSum(of s: LineStatistics, _ weights: TokenWeightTable<ShapeToken>.Reader) -> Int {
        guard s.length > 0 else { return 0 }
        var sum = 0
        visit(s) { sum &+= weights.fixedWeight(code: $0.measure.rawValue, bucket: $0.bucket) }
        return sum
    }

    /// The most tokens one line has: one per measure.
    static var maximumKeysPerLine: Int { Measure.allCases.count }

    /// Keys of every measure's buckets below 72.
    static let keyTable = TokenKeyTable<ShapeToken>(codes: Int(Measure.allCases.map(\.rawValue).max()!) + 1)

    /// A line's tokens, one per measure (the segment measures only for lines
    /// of three or more segments).
    public static func tokens(of s: LineStatistics) -> [ShapeToken] {
        var tokens: [ShapeToken] = []
        visit(s) { tokens.append($0) }
        return tokens
    }

    // Bucket edges of the measures (see ``bucket(_:edges:)``).
    static let segmentEdges: [Double] = [2, 3, 5, 9, 17, 33]
    static let sentencePunctuationEdges: [Double] = [1, 2, 4, 8]
    static let ideographGapEdges: [Double] = [0.0001, 0.05, 0.1]
    static let scriptShareEdges: [Double] = [0.0001, 0.3, 0.7]
    static let digitShareEdges: [Double] = [0.0001, 0.05, 0.15, 0.3]
    static let domainEdges: [Double] = [1, 2, 4]
    static let meanSegmentLengthEdges: [Double] = [4, 8, 12, 20]
    static let repeatedSegmentEdges: [Double] = [0.0001, 0.2, 0.5]

    /// Calls `body` with each of a line's tokens, in a fixed order.
    @inline(__always)
    static func visit(_ s: LineStatistics, _ body: (ShapeToken) -> Void) {
        let length = s.length
        let separatorBucket = bucket(s.separatorDensity, edges: separatorEdges)
        let segmentBucket = bucket(Double(s.segments), edges: segmentEdges)
        let lengthBucket = UInt32(min(8, max(0, Int.bitWidth - (length | 1).leadingZeroBitCount - 2)))
        func share(_ cls: ScriptClass) -> Double { length == 0 ? 0 : Double(s.count(cls)) / Double(length) }
        body(ShapeToken(measure: .length, bucket: lengthBucket))
        body(ShapeToken(measure: .separatorDensity, bucket: separatorBucket))
        body(ShapeToken(measure: .segments, bucket: segmentBucket))
        body(ShapeToken(measure: .sentencePunctuation, bucket: bucket(Double(s.sentencePunctuation), edges: sentencePunctuationEdges)))
        body(ShapeToken(measure: .endsWithSentence, bucket: s.endsWithSentencePunctuation ? 1 : 0))
        body(ShapeToken(measure: .ideographGaps, bucket: bucket(length == 0 ? 0 : Double(s.ideographGaps) / Double(length), edges: ideographGapEdges)))
        body(ShapeToken(measure: .hanShare, bucket: bucket(share(.han), edges: scriptShareEdges)))
        body(ShapeToken(measure: .latinShare, bucket: bucket(share(.latin), edges: scriptShareEdges)))
        body(ShapeToken(measure: .digitShare, bucket: bucket(share(.digit), edges: digitShareEdges)))
        body(ShapeToken(measure: .kanaPresent, bucket: s.count(.kana) > 0 ? 1 : 0))
        body(ShapeToken(measure: .cyrillicPresent, bucket: s.count(.cyrillic) > 0 ? 1 : 0))
        body(ShapeToken(measure: .domains, bucket: bucket(Double(s.domains), edges: domainEdges)))
        body(ShapeToken(measure: .urls, bucket: s.urls > 0 ? 1 : 0))
        body(ShapeToken(measure: .segmentsWithoutSentences, bucket: segmentBucket * 2 + (s.sentencePunctuation > 0 ? 1 : 0)))
        body(ShapeToken(measure: .lengthBySeparators, bucket: lengthBucket * 8 + separatorBucket))
        if s.segments >= 3 {
            body(ShapeToken(measure: .meanSegmentLength, bucket: bucket(s.meanSegmentLength, edges: meanSegmentLengthEdges)))
            body(ShapeToken(measure: .repeatedSegments, bucket: bucket(s.repeatedSegmentShare, edges: repeatedSegmentEdges)))
        }
    }

    /// The index of the first edge greater than `value` (the number of edges not above it).
    @inline(__always)
    static func bucket(_ value: Double, edges: [Double]) -> UInt32 {
        var index: UInt32 = 0
        for edge in edges where value >= edge { index += 1 }
        return index
    }

    /// A readable phrase for a reason, using the line's real measurement.
    public func describe(using s: LineStatistics) -> String {
        switch measure {
        case .length: return "length \(s.length)"
        case .separatorDensity, .lengthBySeparators: return "separator density \(format(s.separatorDensity))"
        case .segments, .segmentsWithoutSentences:
            let segments = counted(s.segments, "segment")
            return s.sentencePunctuation == 0 ? segments + ", no sentence punctuation" : segments
        case .meanSegmentLength: return "mean segment length \(format(s.meanSegmentLength))"
        case .sentencePunctuation: return counted(s.sentencePunctuation, "sentence punctuation mark")
        case .endsWithSentence: return s.endsWithSentencePunctuation ? "ends a sentence" : "no closing punctuation"
        case .ideographGaps: return counted(s.ideographGaps, "space") + " between CJK words"
        case .hanShare: return "Han share \(format(Double(s.count(.han)) / Double(max(s.length, 1))))"
        case .latinShare: return "Latin share \(format(Double(s.count(.latin)) / Double(max(s.length, 1))))"
        case .digitShare: return "digit share \(format(Double(s.count(.digit)) / Double(max(s.length, 1))))"
        case .kanaPresent: return s.count(.kana) > 0 ? "kana" : "no kana"
        case .cyrillicPresent: return s.count(.cyrillic) > 0 ? "Cyrillic" : "no Cyrillic"
        case .repeatedSegments: return "repeated segment stems \(format(s.repeatedSegmentShare))"
        case .domains: return counted(s.domains, "domain name")
        case .urls: return s.urls > 0 ? counted(s.urls, "URL") : "no URLs"
        }
    }

    /// A name for the token alone (``describe(using:)`` needs the line), for `chaff inspect`.
    public var name: String { "\(measure)=\(bucket)" }

    /// Every token that ``tokens(of:)`` can produce, to name keys in `chaff inspect`.
    public static let all: [ShapeToken] = Measure.allCases.flatMap { measure in
        (0..<72).map { ShapeToken(measure: measure, bucket: $0) }
    }
}

/// `count` and a noun, singular for one: "1 URL", "3 URLs".
func counted(_ count: Int, _ singular: String) -> String {
    "\(count) \(singular)\(count == 1 ? "" : "s")"
}

/// Two decimals, without Foundation's locale machinery.
func format(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

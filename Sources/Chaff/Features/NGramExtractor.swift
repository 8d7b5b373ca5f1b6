/// Receives the n-gram features of a line as they are found.
///
/// The scoring path uses a sink that only keeps keys; explanations use one that
/// also turns the n-gram's scalars into text. Generic code specialises both, so
/// the hot path never builds a string.
public protocol NGramSink: ~Copyable {
    /// Called once per n-gram occurrence with its key and the scalars it spans
    /// (`range` indexes the normalised line; subwords add `^`/`$` edge marks that
    /// the range does not include).
    mutating func add(key: UInt32, kind: FeatureKind, range: Range<Int>)
}

/// Collects keys only.
public struct KeySink: NGramSink {
    /// The keys in order of discovery, duplicates included.
    public var keys: [UInt32] = []
    /// Creates an empty sink.
    public init() {}
    @inlinable public mutating func add(key: UInt32, kind: FeatureKind, range: Range<Int>) {
        keys.append(key)
    }
}

/// Character n-grams for every script, with no word segmenter.
///
/// The line is cut into runs: ideographic runs (Han, kana, Hangul) yield every
/// 1…N-gram of characters; alphabetic runs (letters and digits) yield the word,
/// its character n-grams with edge marks, and word bigrams; digit-only words
/// yield their length class instead of the number, plus the number itself when
/// short (777, 2021). Separators, punctuation and spaces end a run.
public struct NGramExtractor: Sendable {
    /// The configuration in use.
    public let configuration: FeatureConfiguration

    /// Creates an extractor.
    public init(configuration: FeatureConfiguration) {
        self.configuration = configuration
    }

    /// Visits every n-gram of `scalars`, whose classes are `classes`.
    ///
    /// - Complexity: O(*n* · N) in the number of scalars.
    @inlinable
    public func visit<Sink: NGramSink & ~Copyable>(
        _ scalars: UnsafeBufferPointer<UInt32>, classes: UnsafeBufferPointer<ScriptClass>, into sink: inout Sink
    ) {
        // One buffer for every word's "^word$" (words longer than
        // `longestWord` get no subwords), instead of one allocation per word.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.longestWord + 2) { marked in
            visit(scalars, classes: classes, marked: marked, into: &sink)
        }
    }

    /// Words longer than this are base64, hashes or garbage: the word itself is
    /// useless as a feature and its subwords would flood the line.
    public static var longestWord: Int { 40 }

    @inlinable
    func visit<Sink: NGramSink & ~Copyable>(
        _ scalars: UnsafeBufferPointer<UInt32>, classes: UnsafeBufferPointer<ScriptClass>,
        marked: UnsafeMutableBufferPointer<UInt32>, into sink: inout Sink
    ) {
        let count = scalars.count
        var index = 0
        var previousWordKey: UInt32 = 0
        var previousWordStart = 0
        var previousWordEnd = -2
        // Index arithmetic wraps (`&+`) and ranges are built unchecked: indices
        // into a buffer in memory cannot overflow, and every range built here
        // has its bounds in order. The checks were 2% of scoring's instructions.
        while index < count {
            let cls = classes[index]
            if cls.isIdeographic {
                var end = index &+ 1
                while end < count && classes[end].isIdeographic { end &+= 1 }
                visitIdeographRun(scalars, Range(uncheckedBounds: (index, end)), into: &sink)
                previousWordKey = 0
                index = end
            } else if cls.isWordCharacter {
                // One pass over the word finds its end, whether it is a number
                // and its hash, and copies it between the edge marks of its
                // subwords (a word too long for them gets none).
                var hasher = FeatureHasher(kind: .word)
                var notDigits: UInt8 = 0  // non-zero once a scalar is not a digit
                var end = index
                var wordClass = cls
                repeat {
                    let value = scalars[end]
                    hasher.combine(value)
                    notDigits |= wordClass.rawValue ^ ScriptClass.digit.rawValue
                    let offset = end &- index
                    if offset < Self.longestWord { marked[offset &+ 1] = value }
                    end &+= 1
                    guard end < count else { break }
                    wordClass = classes[end]
                } while wordClass.isWordCharacter
                let wordKey = visitWord(
                    Range(uncheckedBounds: (index, end)), hasher: hasher, allDigits: notDigits == 0, marked: marked, into: &sink)
                if configuration.wordBigrams && previousWordKey != 0 && previousWordEnd == index &- 1 && wordKey != 0 {
                    var hasher = FeatureHasher(kind: .wordBigram)
                    hasher.combine(previousWordKey)
                    hasher.combine(wordKey)
                    sink.add(key: hasher.key, kind: .wordBigram, range: Range(uncheckedBounds: (previousWordStart, end)))
                }
                previousWordKey = wordKey
                previousWordStart = index
                // A single space keeps the next word adjacent for bigrams.
                previousWordEnd = end < count && scalars[end] == 0x20 ? end : -2
                index = end
            } else {
                if cls != .space { previousWordKey = 0 }
                index &+= 1
            }
        }
    }

    @inlinable
    func visitIdeographRun<Sink: NGramSink & ~Copyable>(
        _ scalars: UnsafeBufferPointer<UInt32>, _ run: Range<Int>, into sink: inout Sink
    ) {
        let maximumN = configuration.ideographMaximumN
        if maximumN == 3 {
            // The standard configuration, unrolled: the same keys in the same
            // order, with wrapping arithmetic and unchecked ranges (the checks
            // were a fifth of this loop's instructions).
            let base = FeatureHasher(kind: .ideographNGram)
            let end = run.upperBound
            var start = run.lowerBound
            while start < end {
                let next = start &+ 1
                var hasher = base
                hasher.combine(scalars[start])
                sink.add(key: hasher.key, kind: .ideographNGram, range: Range(uncheckedBounds: (start, next)))
                guard next < end else { break }
                hasher.combine(scalars[next])
                sink.add(key: hasher.key, kind: .ideographNGram, range: Range(uncheckedBounds: (start, start &+ 2)))
                if start &+ 2 < end {
                    hasher.combine(scalars[start &+ 2])
                    sink.add(key: hasher.key, kind: .ideographNGram, range: Range(uncheckedBounds: (start, start &+ 3)))
                }
                start = next
            }
            return
        }
        for start in run {
            var hasher = FeatureHasher(kind: .ideographNGram)
            var end = start
            while end < run.upperBound && end - start < maximumN {
                hasher.combine(scalars[end])
                end += 1
                sink.add(key: hasher.key, kind: .ideographNGram, range: start..<end)
            }
        }
    }

    /// Visits one word's features and returns the word's own key (0 when the
    /// word is a number, which bigrams skip).
    ///
    /// - Parameters:
    ///   - word: the word's range in the line.
    ///   - hasher: a ``FeatureKind/word`` hasher that has combined every scalar of the word.
    ///   - allDigits: whether every scalar of the word is a digit.
    ///   - marked: the word's scalars from index 1 on (at most ``longestWord``
    ///     of them); its edge marks are written here.
    @inlinable
    func visitWord<Sink: NGramSink & ~Copyable>(
        _ word: Range<Int>, hasher: FeatureHasher, allDigits: Bool,
        marked: UnsafeMutableBufferPointer<UInt32>, into sink: inout Sink
    ) -> UInt32 {
        let length = word.upperBound &- word.lowerBound
        if allDigits {
            var lengthHasher = FeatureHasher(kind: .digitRun)
            lengthHasher.combine(UInt32(truncatingIfNeeded: min(length, 12)))
            sink.add(key: lengthHasher.key, kind: .digitRun, range: word)
            if length <= 4 { sink.add(key: hasher.key, kind: .word, range: word) }
            return 0
        }
        guard length <= Self.longestWord else { return 0 }
        let wordKey = hasher.key
        sink.add(key: wordKey, kind: .word, range: word)

        let minimumN = configuration.subwordMinimumN
        let maximumN = configuration.subwordMaximumN
        guard maximumN > 0 && length >= minimumN - 1 else { return wordKey }
        // Subwords over "^word$", whose scalars the caller copied into
        // `marked`, so that the loop reads scalars without testing for the edges.
        let markedCount = length &+ 2
        marked[0] = 0x5E
        marked[markedCount &- 1] = 0x24
        if minimumN == 4 && maximumN == 4 {
            visitSubwords4(marked, markedCount: markedCount, word: word, into: &sink)
            return wordKey
        }
        if minimumN == 3 && maximumN == 4 {
            visitSubwords3And4(marked, markedCount: markedCount, word: word, into: &sink)
            return wordKey
        }
        // Every start with room for the shortest subword; the whole marked
        // word is not a subword of itself.
        for start in 0..<max(0, markedCount - minimumN + 1) {
            var sub = FeatureHasher(kind: .subword)
            for i in start..<start + minimumN - 1 { sub.combine(marked[i]) }
            for length in minimumN...min(maximumN, markedCount - start) {
                sub.combine(marked[start + length - 1])
                guard length < markedCount else { break }
                // The range in the line, without the edge marks.
                let lower = word.lowerBound + max(start - 1, 0)
                let upper = word.lowerBound + min(start + length - 1, word.count)
                sink.add(key: sub.key, kind: .subword, range: lower..<max(lower, upper))
            }
        }
        return wordKey
    }

    /// The subwords of the standard configuration (4-grams of the marked
    /// word), unrolled: the same keys in the same order as the general loop of
    /// ``visitWord(_:hasher:allDigits:marked:into:)``, without its inner loops and bounds.
    /// `markedCount` is at least 5 (words of three or more scalars), so every
    /// 4-gram is shorter than the marked word. A near-copy of
    /// ``visitSubwords3And4(_:markedCount:word:into:)`` on purpose: one loop
    /// for both, with a constant flag for the 3-grams, cost 1.9% more scoring
    /// instructions.
    @inlinable @inline(__always)
    func visitSubwords4<Sink: NGramSink & ~Copyable>(
        _ marked: UnsafeMutableBufferPointer<UInt32>, markedCount: Int, word: Range<Int>, into sink: inout Sink
    ) {
        let base = FeatureHasher(kind: .subword)
        let lowerBound = word.lowerBound
        let wordCount = word.upperBound &- lowerBound
        // A window over the marked word: each subword reads one new scalar.
        var first = marked[0]
        var second = marked[1]
        var third = marked[2]
        var start = 0
        while start <= markedCount &- 4 {
            let fourth = marked[start &+ 3]
            var sub = base
            sub.combine(first)
            sub.combine(second)
            sub.combine(third)
            sub.combine(fourth)
            let lower = lowerBound &+ max(start &- 1, 0)
            let upper = max(lower, lowerBound &+ min(start &+ 3, wordCount))
            sink.add(key: sub.key, kind: .subword, range: Range(uncheckedBounds: (lower, upper)))
            (first, second, third) = (second, third, fourth)
            start &+= 1
        }
    }

    /// The subwords of the configuration shipped until session 10 (3- and
    /// 4-grams of the marked word), kept unrolled for models trained with it:
    /// the same keys in the same order as the general loop of
    /// ``visitWord(_:hasher:allDigits:marked:into:)``, without its inner loops and bounds.
    /// `markedCount` is at least 4 (words of two or more scalars).
    @inlinable @inline(__always)
    func visitSubwords3And4<Sink: NGramSink & ~Copyable>(
        _ marked: UnsafeMutableBufferPointer<UInt32>, markedCount: Int, word: Range<Int>, into sink: inout Sink
    ) {
        let base = FeatureHasher(kind: .subword)
        let lowerBound = word.lowerBound
        let wordCount = word.count
        for start in 0...(markedCount - 3) {
            var sub = base
            sub.combine(marked[start])
            sub.combine(marked[start + 1])
            sub.combine(marked[start + 2])
            // Wrapping arithmetic: indices into a buffer in memory cannot overflow.
            let lower = lowerBound &+ max(start &- 1, 0)
            sink.add(key: sub.key, kind: .subword, range: lower..<max(lower, lowerBound &+ min(start &+ 2, wordCount)))
            // The whole marked word is not a subword of itself.
            guard start + 4 <= markedCount && markedCount > 4 else { continue }
            sub.combine(marked[start + 3])
            sink.add(key: sub.key, kind: .subword, range: lower..<max(lower, lowerBound &+ min(start &+ 3, wordCount)))
        }
    }
}

/// Explains a block in words: the n-grams that weighed most, then the
/// structure and context signals that did.
struct ReasonFinder: Sendable {
    let model: NaiveBayesModel
    /// The model's weights, as the scorer looks them up.
    let table: BucketedWeightTable
    let explainer: FeatureExplainer

    /// At most this many n-gram texts per block.
    static let ngramReasons = 4
    /// At most this many structure and context phrases per block.
    static let signalReasons = 3
    /// Lines of a block that are explained (the highest-scoring ones).
    static let explainedLines = 3

    init(model: NaiveBayesModel, table: BucketedWeightTable) {
        self.model = model
        self.table = table
        self.explainer = FeatureExplainer(configuration: model.configuration)
    }

    func reasons<Lines: PageLines>(for block: ClosedRange<Int>, flags: [Bool], lines: Lines, scan: FeatureExtractor.PageScan,
                 evidence: [LineEvidence], markup: [LineMarkup]?, probabilities: [Double]) -> [String] {
        let explained = block.filter { flags[$0] }
            .sorted { probabilities[$0] != probabilities[$1] ? probabilities[$0] > probabilities[$1] : $0 < $1 }
            .prefix(Self.explainedLines)
        let enabled = model.configuration.enabledFamilies

        // N-grams: weight times occurrences over the explained lines, so the
        // terms a block repeats ("亚洲", "精品") come before one-off fragments.
        // Totals are kept by key; text is built only for the leading keys.
        var candidates: [LexiconTally.Entry] = []
        var normalizedLines: [[UInt32]] = []
        if enabled.contains(.ngram) || enabled.contains(.density) {
            table.withProbe { probe in
                var tally = LexiconTally(probe: probe)
                for index in explained {
                    tally.line = normalizedLines.count
                    normalizedLines.append(lines.withUTF8(ofLine: index) { explainer.visitNGrams(ofUTF8: $0, into: &tally) })
                }
                candidates = tally.withEntries { Self.leading($0, count: Self.ngramReasons * 6) }
            }
        }
        // A subword is shown as its whole word ("eap" as "cheap"), so the same
        // text can come from several n-grams (a word and its subwords): their
        // weights add up.
        var texts: [NGramText] = []
        texts.reserveCapacity(candidates.count)
        for candidate in candidates {
            let line = normalizedLines[candidate.line]
            let scalars = line[Self.wholeWords(around: candidate.range, in: line)]
            if let same = texts.firstIndex(where: { $0.scalars.elementsEqual(scalars) }) {
                texts[same].weight = max(texts[same].weight, candidate.total)
            } else {
                texts.append(NGramText(scalars: scalars, weight: candidate.total))
            }
        }
        texts.sort {
            if $0.weight != $1.weight { return $0.weight > $1.weight }
            // Then by scalar values: the order of their texts, without a
            // `String` comparison (which was 1.7% of scoring).
            return $0.scalars.count != $1.scalars.count
                ? $0.scalars.count > $1.scalars.count : $0.scalars.lexicographicallyPrecedes($1.scalars)
        }
        var chosen: [NGramText] = []
        for text in texts where chosen.count < Self.ngramReasons {
            // Prefer the longer of overlapping n-grams: "无码" over "无".
            if chosen.contains(where: { $0.contains(text) }) { continue }
            if let shorter = chosen.firstIndex(where: { text.contains($0) }) {
                chosen[shorter] = text
                continue
            }
            chosen.append(text)
        }

        // Structure, context and density, from the top line.
        var signals: [(Double, String)] = []
        if let top = explained.first {
            let statistics = scan.statistics[top]
            if enabled.contains(.shape) {
                let tokens = ShapeToken.tokens(of: statistics)
                for token in tokens {
                    let weight = Double(table.weight(of: token.key))
                    if weight > 0.7 { signals.append((weight, token.describe(using: statistics))) }
                }
            }
            if enabled.contains(.context) {
                // The line's own tokens, their keys from the key table: not
                // every possible token matched against the line's keys (96
                // hashes a block were half a percent of scoring's instructions,
                // 144 look-ups in the table a quarter).
                let keyTable = ContextToken.keyTable
                for token in FeatureExtractor(configuration: model.configuration).contextTokens(of: top, in: scan) {
                    let weight = Double(table.weight(of: keyTable.key(code: token.measureCode, bucket: token.bucket)))
                    if weight > 0.7 { signals.append((weight, token.phrase)) }
                }
            }
            if enabled.contains(.markup), let markup, top < markup.count {
                for token in MarkupToken.tokens(of: markup[top]) {
                    let weight = Double(table.weight(of: token.key))
                    if weight > 0.7 { signals.append((weight, token.describe(using: markup[top]))) }
                }
            }
            if enabled.contains(.density) {
                let density = evidence[top].density
                if density >= 0.25 { signals.append((density * 4, "keyword density \(format(density))")) }
            }
        }
        var phrases: [String] = []
        for (_, phrase) in signals.sorted(by: { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 })
        where !phrases.contains(phrase) && phrases.count < Self.signalReasons {
            phrases.append(phrase)
        }
        return chosen.map(\.text) + phrases
    }

    /// `range` widened to whole words where it starts or ends inside a word of
    /// an alphabetic script: a subword becomes the word it was cut from, which
    /// a reader recognises ("eap$" of "cheap"). Ideographic n-grams, which have
    /// no word boundaries to widen to, stay as they are.
    static func wholeWords(around range: Range<Int>, in line: [UInt32]) -> Range<Int> {
        guard !range.isEmpty else { return range }
        func isWord(_ index: Int) -> Bool { ScriptClass.of(line[index]).isWordCharacter }
        var (lower, upper) = (range.lowerBound, range.upperBound)
        if isWord(lower) { while lower > 0 && isWord(lower - 1) { lower -= 1 } }
        if isWord(upper - 1) { while upper < line.count && isWord(upper) { upper += 1 } }
        return lower..<upper
    }

    /// The first `count` entries in reason order (highest total first, then
    /// lowest key), without sorting all of them.
    ///
    /// The leaders so far are kept in a heap whose root is the last of them,
    /// so an entry that does not make the cut costs one comparison; at the
    /// end the heap is sorted in place, each root in turn going to the back.
    /// Inserting into a sorted array instead (a linear search and a shift of
    /// 40-byte entries per newcomer) was 1.7% of scoring's instructions; the
    /// heap as an `Array`, with a sort of its leaders by closure, 2.2%.
    static func leading(_ entries: UnsafeBufferPointer<LexiconTally.Entry>, count: Int) -> [LexiconTally.Entry] {
        let size = min(count, entries.count)
        guard size > 0 else { return [] }
        // What the order reads of each leader, and where it is.
        struct Leader {
            var total: Double
            var key: UInt32
            var index: Int

            @inline(__always) func precedes(_ other: Leader) -> Bool {
                total != other.total ? total > other.total : key < other.key
            }
        }
        // Every leader but the root precedes its parent, among the first `used`.
        @inline(__always) func siftDown(_ heap: UnsafeMutableBufferPointer<Leader>, from start: Int, used: Int) {
            var parent = start
            while true {
                // The later of the parent and its children goes up.
                var latest = parent
                let left = 2 &* parent &+ 1
                if left < used && heap[latest].precedes(heap[left]) { latest = left }
                if left &+ 1 < used && heap[latest].precedes(heap[left &+ 1]) { latest = left &+ 1 }
                if latest == parent { return }
                heap.swapAt(parent, latest)
                parent = latest
            }
        }
        return withUnsafeTemporaryAllocation(of: Leader.self, capacity: size) { heap in
            var used = 0
            for index in entries.indices {
                let entry = Leader(total: entries[index].total, key: entries[index].key, index: index)
                if used < size {
                    heap.initializeElement(at: used, to: entry)
                    var child = used
                    used &+= 1
                    while child > 0 {
                        let parent = (child &- 1) / 2
                        guard heap[parent].precedes(heap[child]) else { break }
                        heap.swapAt(parent, child)
                        child = parent
                    }
                } else if entry.precedes(heap[0]) {
                    heap[0] = entry
                    siftDown(heap, from: 0, used: used)
                }
            }
            // The last leader goes to the back, then the last of the rest.
            var unsorted = used
            while unsorted > 1 {
                unsorted &-= 1
                heap.swapAt(0, unsorted)
                siftDown(heap, from: 0, used: unsorted)
            }
            return heap.prefix(used).map { entries[$0.index] }
        }
    }
}

/// An n-gram's text as a reason: its normalised scalars and summed weight.
private struct NGramText {
    /// A slice of its explained line's scalars (no copy).
    let scalars: ArraySlice<UInt32>
    var weight: Double

    /// The text, built only for the n-grams chosen as reasons.
    var text: String {
        scalars.withUnsafeBufferPointer { FeatureExplainer.text(of: $0) }
    }

    /// Whether `other`'s scalars occur in this text's, contiguously.
    func contains(_ other: NGramText) -> Bool {
        let (haystack, needle) = (scalars, other.scalars)
        guard needle.count <= haystack.count else { return false }
        if needle.isEmpty { return true }
        // Slices keep their line's indices.
        for start in haystack.startIndex...(haystack.endIndex - needle.count)
        where haystack[start..<start + needle.count].elementsEqual(needle) {
            return true
        }
        return false
    }
}

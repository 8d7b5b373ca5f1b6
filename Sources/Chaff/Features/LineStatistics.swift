/// The measurements of one normalised line that structure features are made of.
///
/// Computed in one pass over the scalars. Also used to word explanations
/// ("separator density 0.08"), so the raw values are kept, not only buckets.
public struct LineStatistics: Sendable, Equatable {
    /// Scalars in the normalised line.
    public var length = 0
    /// Scalars of each ``ScriptClass``, indexed by raw value (a vector, so that
    /// measuring a line allocates nothing).
    public var classCounts = SIMD16<Int32>()
    /// Separator characters plus wide gaps of spaces.
    public var separators = 0
    /// Spaces between two ideographic characters: how CJK keyword lists are often joined.
    public var ideographGaps = 0
    /// Non-empty segments between separators.
    public var segments = 0
    /// Mean length of those segments, in scalars.
    public var meanSegmentLength = 0.0
    /// Share of segments (when there are three or more) whose first two
    /// characters also start an earlier segment: keyword lists repeat stems
    /// (亚洲…, 亚洲…, 国产…, 国产…).
    public var repeatedSegmentShare = 0.0
    /// Sentence punctuation marks.
    public var sentencePunctuation = 0
    /// Whether the line ends with sentence punctuation.
    public var endsWithSentencePunctuation = false
    /// Host names such as `www.example.com`.
    public var domains = 0
    /// `http://` or `https://` prefixes.
    public var urls = 0
    /// Han characters specific to Simplified / Traditional writing.
    public var simplifiedCharacters = 0
    /// See ``simplifiedCharacters``.
    public var traditionalCharacters = 0

    /// Creates empty statistics.
    public init() {}

    /// The count of scalars of one class.
    public func count(_ cls: ScriptClass) -> Int { Int(classCounts[Int(cls.rawValue)]) }

    /// Separators per scalar.
    public var separatorDensity: Double { length == 0 ? 0 : Double(separators) / Double(length) }

    /// The line's main script: the letter class with most scalars, or `nil`
    /// when the line has no letters.
    public var dominantScript: ScriptClass? {
        // Inlined: a call took the whole value, a copy of its 176 bytes per line.
        @inline(__always) get {
            var best: ScriptClass?
            var bestCount = 0
            // In this order, so that the first of equal counts wins (no array
            // literal: this runs once per line).
            func consider(_ cls: ScriptClass, weight: Int) {
                if weight > bestCount {
                    best = cls
                    bestCount = weight
                }
            }
            consider(.han, weight: count(.han))
            // Japanese mixes kana and Han: any kana share marks the line as kana.
            consider(.kana, weight: count(.kana) * 3)
            consider(.hangul, weight: count(.hangul))
            consider(.latin, weight: count(.latin))
            consider(.cyrillic, weight: count(.cyrillic))
            consider(.otherLetter, weight: count(.otherLetter))
            return best
        }
    }

    /// The Simplified/Traditional form of the line's Han characters.
    public var hanVariant: HanVariant {
        HanVariant.decide(simplified: simplifiedCharacters, traditional: traditionalCharacters)
    }

    /// Measures a normalised line.
    ///
    /// - Parameters:
    ///   - scalars: the normalised scalars.
    ///   - classes: their classes, same length.
    ///   - wideGaps: runs of spaces the raw line had (``NormalizedLine/wideGapCount``).
    public init(
        scalars: UnsafeBufferPointer<UInt32>, classes: UnsafeBufferPointer<ScriptClass>, wideGaps: Int
    ) {
        self.init()
        // Room for the first two scalars of every segment that has two (each
        // spans two scalars or more), on the stack: a heap array per line cost
        // more than the rest of the measurements' bookkeeping.
        // Per-class counts in a stack buffer too (a SIMD vector is slow to index
        // by a run-time class), and the Han variant table read through a pointer;
        // all taken here, so that the measuring loop captures nothing.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: scalars.count / 2 + 1) { starts in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 16) { counts in
                counts.initialize(repeating: 0)
                HanVariant.table.withUnsafeBufferPointer { variants in
                    measure(scalars: scalars, classes: classes, wideGaps: wideGaps, segmentStarts: starts,
                            counts: counts, variants: variants)
                }
                // One vector load, not sixteen lane inserts.
                classCounts = UnsafeRawPointer(counts.baseAddress.unsafelyUnwrapped).loadUnaligned(as: SIMD16<Int32>.self)
            }
        }
    }

    private mutating func measure(
        scalars: UnsafeBufferPointer<UInt32>, classes: UnsafeBufferPointer<ScriptClass>, wideGaps: Int,
        segmentStarts: UnsafeMutableBufferPointer<UInt64>, counts: UnsafeMutableBufferPointer<Int32>,
        variants: UnsafeBufferPointer<UInt8>
    ) {
        let count = scalars.count
        length = count
        separators = wideGaps
        var segmentLength = 0
        var segmentLengthTotal = 0
        var segmentStartCount = 0
        var segmentStart: UInt64 = 0
        var segmentStartLength = 0
        var previousClass = ScriptClass.space
        var previousNonSpace = ScriptClass.space

        func closeSegment() {
            if segmentLength > 0 {
                segments &+= 1
                segmentLengthTotal &+= segmentLength
                if segmentStartLength == 2 {
                    segmentStarts[segmentStartCount] = segmentStart
                    segmentStartCount &+= 1
                }
            }
            segmentLength = 0
            segmentStart = 0
            segmentStartLength = 0
        }

        // Counts and indices wrap (`&+=`): none can exceed the line's length.
        // Host names need a "." and URLs a ":" (see below): other lines skip
        // the host count, and the rest start it near the first of them.
        var firstHostMark = -1
        var i = 0
        while i < count {
            let cls = classes[i]
            if cls != .separator && cls != .space && cls != .sentencePunctuation {
                // A run of letters, digits or symbols of one class, measured at
                // once: within it only the Han variants and the segment's first
                // two scalars depend on the scalars themselves.
                let end = Self.runEnd(of: cls, in: classes, from: i &+ 1)
                let run = end &- i
                counts[Int(cls.rawValue)] &+= Int32(truncatingIfNeeded: run)
                if cls == .han {
                    // Without a branch on the variant (1 simplified, 2
                    // traditional), which varies from one character to the next.
                    var simplified = 0
                    var traditional = 0
                    for value in scalars[i..<end] where value >= 0x4E00 && value <= 0x9FFF {
                        let variant = Int(variants[Int(value &- 0x4E00)])
                        simplified &+= variant & 1
                        traditional &+= variant >> 1
                    }
                    simplifiedCharacters &+= simplified
                    traditionalCharacters &+= traditional
                }
                var next = i
                while segmentStartLength < 2 && next < end {
                    segmentStart = segmentStart << 32 | UInt64(scalars[next])
                    segmentStartLength += 1
                    next += 1
                }
                segmentLength &+= run
                previousClass = cls
                previousNonSpace = cls
                i = end
                continue
            }
            let value = scalars[i]
            counts[Int(cls.rawValue)] &+= 1
            switch cls {
            case .separator:
                // A hyphen inside a word ("e-mail", "2021-11-12") joins, not separates.
                let joinsWord = value == 0x2D && previousClass.isWordCharacter
                    && i + 1 < count && classes[i + 1].isWordCharacter
                if !joinsWord {
                    separators &+= 1
                    closeSegment()
                }
            case .space:
                if previousNonSpace.isIdeographic && i + 1 < count && classes[i + 1].isIdeographic {
                    ideographGaps &+= 1
                }
            case .sentencePunctuation:
                // A host has a "." before a word character, a URL a ":" before a "/":
                // a "." that ends a sentence does not make countHosts worth running.
                if value == 0x2E || value == 0x3A, i + 1 < count,
                   value == 0x2E ? classes[i + 1].isWordCharacter : scalars[i + 1] == 0x2F, firstHostMark < 0 {
                    firstHostMark = i
                }
                // "www.site.com" and "3.5" are not sentence ends.
                let inWord = (value == 0x2E || value == 0x3A) && previousClass.isWordCharacter
                    && i + 1 < count && (classes[i + 1].isWordCharacter || scalars[i + 1] == 0x2F)
                if !inWord { sentencePunctuation &+= 1 }
            default:
                break
            }
            if cls == .sentencePunctuation {
                if segmentStartLength < 2 {
                    segmentStart = segmentStart << 32 | UInt64(value)
                    segmentStartLength += 1
                }
                segmentLength &+= 1
            }
            previousClass = cls
            if cls != .space { previousNonSpace = cls }
            i &+= 1
        }
        closeSegment()
        if count > 0 {
            endsWithSentencePunctuation = classes[count - 1] == .sentencePunctuation
        }
        meanSegmentLength = segments == 0 ? 0 : Double(segmentLengthTotal) / Double(segments)
        if segments >= 3 && segmentStartCount > 0 {
            let repeated = Self.repeats(in: UnsafeMutableBufferPointer(rebasing: segmentStarts[0..<segmentStartCount]))
            repeatedSegmentShare = Double(repeated) / Double(segments)
        }
        if firstHostMark >= 0 {
            (domains, urls) = Self.countHosts(scalars, classes, from: Self.hostSearchStart(before: firstHostMark, scalars, classes))
        }
    }

    /// How many of `starts` (segments' first two scalars, packed) equal one
    /// before them: their count less their distinct values.
    ///
    /// Up to ``repeatsCountedInASet`` starts are counted in an
    /// open-addressing set at most half full, on the stack, and `starts` is
    /// left as it is. Sorting them took Swift's stable sort, which allocated
    /// a buffer for any line of more than twenty segments: 0.6% of scoring's
    /// time, and a `malloc` for most lines that list keywords. More starts
    /// than that (a line of thousands of segments) are sorted in place, the
    /// sort's buffer being half their size where the set would be twice it.
    static func repeats(in starts: UnsafeMutableBufferPointer<UInt64>) -> Int {
        let count = starts.count
        guard count > 1 else { return 0 }
        guard count <= repeatsCountedInASet else {
            var sorted = starts
            sorted.sort()
            var repeated = 0
            for i in 1..<count where sorted[i] == sorted[i &- 1] { repeated &+= 1 }
            return repeated
        }
        var capacity = 4
        while capacity < count &* 2 { capacity &<<= 1 }
        let mask = capacity &- 1
        let shift = UInt64(64 &- capacity.trailingZeroBitCount)
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: capacity) { slots in
            slots.initialize(repeating: 0)
            var repeated = 0
            for start in starts {
                // A start's first scalar is at most U+10FFFF, so its top bit is
                // free: set, it tells a stored start from an empty slot (0).
                let stored = start | 1 << 63
                // Fibonacci hashing: the product's high bits name the slot.
                var slot = Int(truncatingIfNeeded: (start &* 0x9E37_79B9_7F4A_7C15) >> shift)
                while true {
                    let held = slots[slot]
                    if held == stored {
                        repeated &+= 1
                        break
                    }
                    if held == 0 {
                        slots[slot] = stored
                        break
                    }
                    slot = (slot &+ 1) & mask
                }
            }
            return repeated
        }
    }

    /// The most segment starts ``repeats(in:)`` counts in a set (16 KB of slots).
    static let repeatsCountedInASet = 1024

    /// The end of the run of `cls` that goes on at `start` (`start` itself
    /// when `classes[start]` is another class, or the line's end).
    ///
    /// Eight classes at a time: a class-by-class loop's exit branch went wrong
    /// at nearly every run's end, and runs (words) are short. The last seven
    /// classes of a line are compared one by one.
    @inline(__always)
    static func runEnd(of cls: ScriptClass, in classes: UnsafeBufferPointer<ScriptClass>, from start: Int) -> Int {
        let count = classes.count
        var end = start
        let pattern = UInt64(cls.rawValue) &* 0x0101_0101_0101_0101
        let base = UnsafeRawPointer(classes.baseAddress)
        // Wrapping arithmetic: indices into a buffer in memory cannot overflow.
        while end &+ 8 <= count, let base {
            let differing = base.loadUnaligned(fromByteOffset: end, as: UInt64.self) ^ pattern
            if differing != 0 {
                // Little-endian: the lowest non-zero byte is the first class that differs.
                return end &+ differing.littleEndian.trailingZeroBitCount >> 3
            }
            end &+= 8
        }
        while end < count && classes[end] == cls { end &+= 1 }
        return end
    }

    /// Where ``countHosts(_:_:from:)`` finds what it finds from the line's
    /// start, given the line's first "." before a word character or ":"
    /// before a "/" (`mark`): the start of the run of word characters,
    /// hyphens and dots that reaches it.
    ///
    /// No host or URL ends before `mark`, since each has such a mark, and the
    /// count from the line's start arrives at that run's start: the scalar
    /// before it is none of those, so no host read from further back goes
    /// past it, and the count steps over it alone.
    static func hostSearchStart(
        before mark: Int, _ scalars: UnsafeBufferPointer<UInt32>, _ classes: UnsafeBufferPointer<ScriptClass>
    ) -> Int {
        var start = mark
        while start > 0 && (classes[start - 1].isWordCharacter || scalars[start - 1] == 0x2D || scalars[start - 1] == 0x2E) {
            start -= 1
        }
        return start
    }

    /// Counts host names (two or more word runs joined by dots, the last of 2–6
    /// letters) and URL schemes, from scalar `start` on.
    static func countHosts(
        _ scalars: UnsafeBufferPointer<UInt32>, _ classes: UnsafeBufferPointer<ScriptClass>, from start: Int = 0
    ) -> (domains: Int, urls: Int) {
        var domains = 0
        var urls = 0
        let count = scalars.count
        var i = start
        while i < count {
            guard classes[i].isWordCharacter else {
                // "://"
                if scalars[i] == 0x3A && i + 2 < count && scalars[i + 1] == 0x2F && scalars[i + 2] == 0x2F { urls += 1 }
                i += 1
                continue
            }
            var parts = 0
            var lastPart: UInt64 = 0
            var j = i
            while j < count {
                let partStart = j
                var packed: UInt64 = 0
                while j < count && (classes[j].isWordCharacter || (scalars[j] == 0x2D && j > partStart)) {
                    packed = j - partStart < 8 && scalars[j] < 0x80 ? packed << 8 | UInt64(scalars[j]) : UInt64.max
                    j += 1
                }
                parts += 1
                lastPart = packed
                if j + 1 < count && scalars[j] == 0x2E && classes[j + 1].isWordCharacter {
                    j += 1
                } else {
                    break
                }
            }
            if parts >= 2 && topLevelDomains.contains(lastPart) { domains += 1 }
            i = max(j, i + 1)
        }
        return (domains, urls)
    }

    /// Top-level domains common in spam links and on the sites they target,
    /// packed as ASCII bytes. A closed list keeps file names (`sources.list`,
    /// `index.html`) from counting as hosts.
    static let topLevelDomains: Set<UInt64> = {
        let names = [
            "com", "net", "org", "cn", "cc", "vip", "top", "xyz", "info", "biz", "me", "tv", "io", "co",
            "uk", "jp", "ru", "de", "hk", "tw", "mo", "kr", "site", "club", "online", "shop", "app", "live",
            "win", "bet", "pw", "ws", "la", "in", "us", "asia", "pro", "fun", "icu", "xxx", "porn", "sex",
            "casino", "store", "today", "edu", "gov", "su", "ua", "fr", "es", "it", "nl", "au", "ca", "br",
        ]
        return Set(names.map { $0.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } })
    }()
}

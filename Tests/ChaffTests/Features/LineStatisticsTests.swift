@testable import Chaff
import ChaffTestSupport
import Testing

@Suite struct LineStatisticsTests {
    /// The measurements one scalar at a time, as `LineStatistics` took them
    /// before it measured runs of one class at once: the reference.
    static func reference(_ scalars: [UInt32], _ classes: [ScriptClass], wideGaps: Int) -> LineStatistics {
        var s = LineStatistics()
        let count = scalars.count
        s.length = count
        s.separators = wideGaps
        var counts = [Int32](repeating: 0, count: 16)
        var segmentLength = 0, segmentLengthTotal = 0, segmentStartLength = 0
        var segmentStart: UInt64 = 0
        var segmentStarts: [UInt64] = []
        var previousClass = ScriptClass.space, previousNonSpace = ScriptClass.space
        var mayNameHosts = false
        func closeSegment() {
            if segmentLength > 0 {
                s.segments += 1
                segmentLengthTotal += segmentLength
                if segmentStartLength == 2 { segmentStarts.append(segmentStart) }
            }
            (segmentLength, segmentStart, segmentStartLength) = (0, 0, 0)
        }
        for i in 0..<count {
            let (cls, value) = (classes[i], scalars[i])
            counts[Int(cls.rawValue)] += 1
            switch cls {
            case .separator:
                let joinsWord = value == 0x2D && previousClass.isWordCharacter && i + 1 < count && classes[i + 1].isWordCharacter
                if !joinsWord {
                    s.separators += 1
                    closeSegment()
                }
            case .space:
                if previousNonSpace.isIdeographic && i + 1 < count && classes[i + 1].isIdeographic { s.ideographGaps += 1 }
            case .sentencePunctuation:
                if value == 0x2E || value == 0x3A { mayNameHosts = true }
                let inWord = (value == 0x2E || value == 0x3A) && previousClass.isWordCharacter
                    && i + 1 < count && (classes[i + 1].isWordCharacter || scalars[i + 1] == 0x2F)
                if !inWord { s.sentencePunctuation += 1 }
            case .han:
                if value >= 0x4E00 && value <= 0x9FFF {
                    switch HanVariant.table[Int(value - 0x4E00)] {
                    case HanVariant.simplified.rawValue: s.simplifiedCharacters += 1
                    case HanVariant.traditional.rawValue: s.traditionalCharacters += 1
                    default: break
                    }
                }
            default:
                break
            }
            if cls != .separator && cls != .space {
                if segmentStartLength < 2 {
                    segmentStart = segmentStart << 32 | UInt64(value)
                    segmentStartLength += 1
                }
                segmentLength += 1
            }
            previousClass = cls
            if cls != .space { previousNonSpace = cls }
        }
        for cls in 0..<16 { s.classCounts[cls] = counts[cls] }
        closeSegment()
        if count > 0 { s.endsWithSentencePunctuation = classes[count - 1] == .sentencePunctuation }
        s.meanSegmentLength = s.segments == 0 ? 0 : Double(segmentLengthTotal) / Double(s.segments)
        if s.segments >= 3 && !segmentStarts.isEmpty {
            segmentStarts.sort()
            var repeated = 0
            for i in 1..<segmentStarts.count where segmentStarts[i] == segmentStarts[i - 1] { repeated += 1 }
            s.repeatedSegmentShare = Double(repeated) / Double(s.segments)
        }
        if mayNameHosts {
            (s.domains, s.urls) = scalars.withUnsafeBufferPointer { scalars in
                classes.withUnsafeBufferPointer { LineStatistics.countHosts(scalars, $0) }
            }
        }
        return s
    }

    /// Repeated segment starts are counted in a set, or sorted in place when
    /// there are many: the same counts as a sort's equal neighbours, for
    /// lists short and long (on either side of the set's limit), of few
    /// values or many, with starts of one scalar and of the highest.
    @Test func repeatedStartsMatchASortsEqualNeighbours() {
        var generator = SeededGenerator(seed: 41)
        let setLimit = LineStatistics.repeatsCountedInASet
        for size in [0, 1, 2, 3, 7, 20, 21, 64, 300, setLimit - 3, setLimit - 2, setLimit + 1, 5_000] {
            for distinct in [1, 2, 10, 1_000, 1 << 40] {
                let starts = (0..<size).map { _ -> UInt64 in
                    let pick = UInt64.random(in: 0..<UInt64(distinct), using: &generator)
                    // Two scalars packed, the first up to U+10FFFF.
                    return (pick % 0x10FFFF + 1) << 32 | (pick >> 21) & 0xFFFF_FFFF
                } + (size > 2 ? [0x0010_FFFF_FFFF_FFFF, 0x0010_FFFF_FFFF_FFFF, 0x20] : [])
                let sorted = starts.sorted()
                let expected = sorted.indices.dropFirst().filter { sorted[$0] == sorted[$0 - 1] }.count
                var counted = starts
                #expect(counted.withUnsafeMutableBufferPointer { LineStatistics.repeats(in: $0) } == expected, "\(size) \(distinct)")
            }
        }
    }

    /// Runs are found eight classes at a time: runs of every length, ending
    /// anywhere within a word of eight or at the line's end, from any start.
    @Test func runEndsMatchAClassByClassSearch() {
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<500 {
            var classes: [ScriptClass] = []
            while classes.count < 40 {
                let cls = ScriptClass.allCases.randomElement(using: &generator)!
                classes += repeatElement(cls, count: Int.random(in: 1...19, using: &generator))
            }
            classes.removeLast(Int.random(in: 0...20, using: &generator))
            classes.withUnsafeBufferPointer { buffer in
                // The class at `start` and the one before it (which may differ,
                // as when the scan asks from the scalar after a run's first).
                for start in 0...buffer.count {
                    for cls in [start < buffer.count ? buffer[start] : .latin, start > 0 ? buffer[start - 1] : .han] {
                        var expected = start
                        while expected < buffer.count && buffer[expected] == cls { expected += 1 }
                        #expect(LineStatistics.runEnd(of: cls, in: buffer, from: start) == expected)
                    }
                }
            }
        }
    }

    /// Random normalised lines over every class (letters in runs, Simplified
    /// and Traditional Han, separators, hyphens, dots and colons before words
    /// and slashes, host names): the run-wise measurements equal the reference,
    /// whose host count reads every line from its start.
    @Test func runWiseMeasurementsMatchTheScalarByScalarReference() {
        var generator = SeededGenerator(seed: 23)
        let pieces: [String] = [
            "a", "b", "z", "7", "0", "ж", "я", "α", "亚", "洲", "精", "品", "國", "語", "们", "の", "カ", "한",
            " ", " ", "|", "-", ",", "、", "/", ".", ":", "!", "。", "•", "#", "@", "www.site.com", "http://a.cn",
            "e-mail", "3.5", "b.", "亚洲 精品", "a-b.cn", "-.", ".x", "://", "ab:/", "mail.a-1.org/x", "e.g.",
        ]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            var line = NormalizedLine()
            TextNormalizer().normalize(text, into: &line)
            let gaps = Int.random(in: 0...2, using: &generator)
            let measured = line.scalars.withUnsafeBufferPointer { scalars in
                line.classes.withUnsafeBufferPointer { LineStatistics(scalars: scalars, classes: $0, wideGaps: gaps) }
            }
            #expect(measured == Self.reference(line.scalars, line.classes, wideGaps: gaps), "\(text)")
        }
    }
}

@testable import Chaff
import ChaffTestSupport
import Testing

@Suite struct TextNormalizerTests {
    func normalized(_ text: String) -> (String, Int) {
        var line = NormalizedLine()
        TextNormalizer().normalize(text, into: &line)
        let scalars = line.scalars.compactMap(Unicode.Scalar.init)
        return (String(String.UnicodeScalarView(scalars)), line.wideGapCount)
    }

    @Test func foldsFullWidthAndCase() {
        #expect(normalized("ＡＢＣ１２３ｘｙｚ").0 == "abc123xyz")
        #expect(normalized("Hello WORLD").0 == "hello world")
        #expect(normalized("ПРИВЕТ Ёж").0 == "привет ёж")
        #expect(normalized("ÉCOLE Ŕ").0 == "école ŕ")
    }

    @Test func removesInvisibleAndControlCharacters() {
        #expect(normalized("a\u{200B}b\u{FEFF}c\u{00AD}d\u{0007}e").0 == "abcde")
    }

    @Test func collapsesWhitespaceAndCountsWideGaps() {
        let (text, gaps) = normalized("  亚洲\u{3000}\u{3000}精品   视频\t免费  ")
        #expect(text == "亚洲 精品 视频 免费")
        #expect(gaps == 2)
    }

    @Test func keepsCJKAndReplacesInvalidBytes() {
        var line = NormalizedLine()
        let bytes: [UInt8] = [0xE4, 0xBA, 0x9A, 0xC0, 0x80, 0xED, 0xA0, 0x80]  // 亚, overlong NUL, surrogate
        bytes.withUnsafeBufferPointer { TextNormalizer().normalize(utf8: $0, into: &line) }
        #expect(line.scalars.first == 0x4E9A)
        #expect(line.scalars.dropFirst().allSatisfy { $0 == 0xFFFD })
    }

    @Test func classesAreFoundWhileNormalising() {
        var line = NormalizedLine()
        TextNormalizer().normalize("  Ａ1 亚洲|ｶﾅ  ", into: &line)
        #expect(line.classes == line.scalars.map(ScriptClass.of))
        #expect(line.classes == [.latin, .digit, .space, .han, .han, .separator, .kana, .kana])
        // A fresh buffer and an empty or all-removed line leave both arrays empty.
        for text in ["", "\u{200B}\u{FEFF}", "   "] {
            var empty = NormalizedLine()
            TextNormalizer().normalize(text, into: &empty)
            #expect(empty.scalars.isEmpty && empty.classes.isEmpty && empty.wideGapCount == 0)
        }
    }

    /// Random text from every range the normaliser treats specially (ASCII,
    /// full-width ASCII, accented Latin, Cyrillic, CJK, kana, spaces and removed
    /// characters): each scalar's class is `ScriptClass.of` it, whichever fast
    /// path classified it, and full-width ASCII folds like the ASCII it stands for.
    @Test func classesMatchScriptClassOfEveryScalar() {
        var generator = SeededGenerator(seed: 17)
        let ranges: [ClosedRange<UInt32>] = [
            0x09...0x7F, 0xFF01...0xFF5E, 0xC0...0x17F, 0x400...0x52F, 0x4E00...0x9FFF, 0x3000...0x30FF,
            0x2000...0x206F, 0xA0...0xBF, 0xAC00...0xAC10, 0x20000...0x20010,
        ]
        for _ in 0..<300 {
            let scalars = (0..<Int.random(in: 0...40, using: &generator)).compactMap { _ in
                Unicode.Scalar(UInt32.random(in: ranges.randomElement(using: &generator)!, using: &generator))
            }
            let text = String(String.UnicodeScalarView(scalars))
            var line = NormalizedLine()
            TextNormalizer().normalize(text, into: &line)
            #expect(line.classes == line.scalars.map(ScriptClass.of))
            let fullWidth = String(String.UnicodeScalarView(scalars.map { scalar in
                (0x21...0x7E).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0xFEE0)! : scalar
            }))
            #expect(normalized(fullWidth).0 == normalized(text).0)
        }
    }

    /// The normaliser against its definition, one scalar at a time: fold,
    /// drop what folds to nothing, collapse each run of spaces into one (a
    /// wide gap when it had two or more), trim. The lines mix plain words and
    /// single spaces, which the normaliser reads sixteen bytes at a time, with
    /// what ends such a run (punctuation, double spaces, tabs, controls,
    /// upper case, multi-byte scalars), at every offset and line length.
    @Test func plainWordRunsNormaliseLikeTheDefinition() {
        let plain = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789      ".unicodeScalars)
        let breakers = Array(".,|-:!?@[`{~/\\\t\u{7}\u{7F}  é亚Ж\u{200B}\u{3000}Ａ".unicodeScalars)
        Self.expectTheDefinition(
            ofLinesOf: plain, mixedWith: breakers, shares: [0, 0.02, 0.1, 0.3], lengths: 0...70, seed: 43)
    }

    /// Lines of Han characters (the common block, its edges and its
    /// neighbours), kana, Hangul, CJK punctuation, spaces and ASCII: the
    /// normaliser reads pairs of common Han characters at once, and its
    /// output must be the definition's wherever a pair starts or stops.
    @Test func hanPairsNormaliseLikeTheDefinition() {
        let han = Array("一丁亚洲精品无码鿿龥國語".unicodeScalars)
        let others = Array("\u{4DFF}\u{A000}\u{3400}ぁアン가，。、 \u{3000}aZ1.é".unicodeScalars)
        Self.expectTheDefinition(ofLinesOf: han, mixedWith: others, shares: [0, 0.05, 0.2, 0.5], lengths: 0...40, seed: 47)
    }

    /// 3,000 random lines of `common` scalars with a share of `mixed` ones
    /// (one of `shares`, drawn for each line), each checked against the definition.
    static func expectTheDefinition(
        ofLinesOf common: [Unicode.Scalar], mixedWith mixed: [Unicode.Scalar], shares: [Double],
        lengths: ClosedRange<Int>, seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<3000 {
            let length = Int.random(in: lengths, using: &generator)
            let share = shares.randomElement(using: &generator)!
            let scalars = (0..<length).map { _ in
                Double.random(in: 0..<1, using: &generator) < share
                    ? mixed.randomElement(using: &generator)! : common.randomElement(using: &generator)!
            }
            expectTheDefinition(of: scalars, sourceLocation: sourceLocation)
        }
    }

    /// The normaliser's output for `scalars` is the definition's: fold each
    /// scalar, drop what folds to nothing, collapse each run of spaces into
    /// one (a wide gap when it had two or more), trim; each class is
    /// ``ScriptClass/of(_:)`` of its scalar.
    static func expectTheDefinition(of scalars: [Unicode.Scalar], sourceLocation: SourceLocation = #_sourceLocation) {
        let text = String(String.UnicodeScalarView(scalars))
        var expected: [UInt32] = []
        var expectedGaps = 0
        var spaces = 0
        for scalar in scalars {
            let folded = TextNormalizer.fold(scalar.value)
            if folded == 0 { continue }
            if folded == 0x20 {
                spaces += 1
                continue
            }
            if spaces > 0 && !expected.isEmpty {
                expected.append(0x20)
                if spaces >= 2 { expectedGaps += 1 }
            }
            spaces = 0
            expected.append(folded)
        }
        var line = NormalizedLine()
        TextNormalizer().normalize(text, into: &line)
        #expect(line.scalars == expected, "\(text.debugDescription)", sourceLocation: sourceLocation)
        #expect(line.wideGapCount == expectedGaps, "\(text.debugDescription)", sourceLocation: sourceLocation)
        #expect(line.classes == line.scalars.map(ScriptClass.of), "\(text.debugDescription)", sourceLocation: sourceLocation)
    }

    /// The sixteen-byte path writes classes as their raw values into memory
    /// that Swift holds as ``ScriptClass``: each case's byte must be its raw value.
    @Test func aClassInMemoryIsItsRawValue() {
        #expect(MemoryLayout<ScriptClass>.size == 1)
        for cls in ScriptClass.allCases {
            #expect(unsafeBitCast(cls, to: UInt8.self) == cls.rawValue, "\(cls)")
        }
    }

    /// The class predicates compare raw values as ranges: they must still
    /// name exactly these cases if the enum's cases are ever reordered.
    @Test func classPredicatesNameTheirCases() {
        for cls in ScriptClass.allCases {
            #expect(cls.isIdeographic == [.han, .kana, .hangul].contains(cls), "\(cls)")
            #expect(cls.isWordCharacter == [.digit, .latin, .cyrillic, .otherLetter].contains(cls), "\(cls)")
        }
    }

    /// Three-byte sequences are decoded inline: broken, truncated, overlong and
    /// surrogate ones still give what ``TextNormalizer/decodeScalar(_:at:)`` gives.
    @Test func inlineThreeByteDecodingMatchesTheDecoder() {
        var generator = SeededGenerator(seed: 29)
        // Leads of U+4000–U+9FFF (which fold to themselves), the surrogate and
        // overlong leads, continuation bytes, and bytes that are never valid.
        let pool: [UInt8] = [0xE4, 0xE5, 0xE9, 0xED, 0xE0, 0x80, 0x9F, 0xA0, 0xBF, 0xB8, 0xC0, 0xFF]
        for _ in 0..<4000 {
            let bytes = (0..<Int.random(in: 1...24, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
            var expected: [UInt32] = []
            bytes.withUnsafeBufferPointer { buffer in
                var index = 0
                while index < buffer.count {
                    let (value, length) = TextNormalizer.decodeScalar(buffer, at: index)
                    expected.append(value)
                    index += length
                }
            }
            var line = NormalizedLine()
            bytes.withUnsafeBufferPointer { TextNormalizer().normalize(utf8: $0, into: &line) }
            #expect(line.scalars == expected, "\(bytes)")
        }
    }
}

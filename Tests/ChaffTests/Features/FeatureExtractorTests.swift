import Chaff
import Testing

@Suite struct FeatureExtractorTests {
    let extractor = FeatureExtractor()

    func ngrams(_ text: String) -> [FeatureExplainer.NGram] {
        FeatureExplainer(configuration: .standard).ngrams(of: text)
    }

    @Test func ideographRunsYieldOneToThreeGrams() {
        let texts = ngrams("亚洲精品").map(\.text)
        #expect(texts == ["亚", "亚洲", "亚洲精", "洲", "洲精", "洲精品", "精", "精品", "品"])
    }

    @Test func wordsYieldWordSubwordsAndBigrams() {
        let found = ngrams("Buy cheap")
        #expect(found.filter { $0.kind == .word }.map(\.text) == ["buy", "cheap"])
        #expect(found.contains { $0.kind == .wordBigram && $0.text == "buy cheap" })
        #expect(found.filter { $0.kind == .subword }.map(\.text).contains("che"))
    }

    /// The subwords of `word` by their definition: every n-gram of `^word$`
    /// with n in `lengths`, start by start and shortest first, except the
    /// whole marked word; none for words shorter than the shortest n minus one.
    func subwordKeysByDefinition(_ word: String, _ lengths: ClosedRange<Int>) -> [UInt32] {
        let marked = [0x5E] + word.unicodeScalars.map(\.value) + [0x24]
        guard word.unicodeScalars.count >= lengths.lowerBound - 1 else { return [] }
        var keys: [UInt32] = []
        for start in marked.indices {
            for length in lengths where start + length <= marked.count && length < marked.count {
                var hasher = FeatureHasher(kind: .subword)
                for scalar in marked[start..<start + length] { hasher.combine(scalar) }
                keys.append(hasher.key)
            }
        }
        return keys
    }

    /// The standard 4-only and the older 3–4 configurations have unrolled
    /// loops of their own; other lengths take the general loop. All three must
    /// give the subwords of the definition, in its order.
    @Test(arguments: [4...4, 3...4, 3...5, 2...2])
    func subwordsFollowTheirDefinition(lengths: ClosedRange<Int>) {
        let configuration = FeatureConfiguration(
            ideographMaximumN: 3, subwordMinimumN: lengths.lowerBound, subwordMaximumN: lengths.upperBound,
            wordBigrams: false, enabledFamilies: Set(FeatureFamily.allCases))
        let explainer = FeatureExplainer(configuration: configuration)
        for word in ["a", "ab", "abc", "cheap", "louboutinshoe"] {
            let found = explainer.ngrams(of: word).filter { $0.kind == .subword }.map(\.key)
            #expect(found == subwordKeysByDefinition(word, lengths), "\(word), subwords \(lengths)")
        }
    }

    @Test func numbersAreClassedByLength() {
        let found = ngrams("2021 1234567")
        #expect(found.filter { $0.kind == .digitRun }.count == 2)
        #expect(found.filter { $0.kind == .word }.map(\.text) == ["2021"])  // long numbers only by length
    }

    @Test func aSixCharacterLineGetsFeatures() {
        let page = extractor.features(of: ["无码高清视频"])
        #expect(page.lines[0].ngramKeys.count == 6 + 5 + 4)
        #expect(!page.lines[0].shapeKeys.isEmpty)
    }

    @Test func repeatedNGramsAreCountedOnce() {
        let line = extractor.features(of: ["精品|精品|精品"]).lines[0]
        #expect(Set(line.ngramKeys).count == line.ngramKeys.count)
        #expect(line.ngramCounts.max() == 3)
    }

    @Test func emptyLinesHaveNoFeatures() {
        let page = extractor.features(of: ["", "   ", "\u{200B}"])
        #expect(page.lines.allSatisfy { $0.isEmpty })
        #expect(page.lines.allSatisfy { $0.ngramKeys.isEmpty && $0.contextKeys.isEmpty })
    }

    @Test func theSeedsKeywordLineLooksLikeAKeywordList() {
        let line = "亚洲gv猛男gv无码男同短文| 国产精品无码亚洲精品2021| 亚洲国产精品嫩草影院久久| 91在线亚洲综合在线| 亚洲午夜一区二区电影院"
        let statistics = extractor.features(of: [line]).lines[0].statistics
        #expect(statistics.segments == 5)
        #expect(statistics.separators == 4)
        #expect(statistics.sentencePunctuation == 0)
        #expect(statistics.repeatedSegmentShare > 0.3)  // 亚洲… three times
        #expect(statistics.hanVariant == .simplified)
    }

    @Test func sentencesAndHostsAreMeasured() {
        let statistics = extractor.features(of: ["Visit www.example.com or http://casino.bet/x. Thanks! Version 3.5 is out."]).lines[0].statistics
        #expect(statistics.domains == 2)
        #expect(statistics.urls == 1)
        #expect(statistics.sentencePunctuation == 3)
    }

    @Test func contextSeesSimplifiedSpamOnATraditionalPage() {
        let lines = [
            "廣州市人民政府辦公廳發布通知，關於進一步做好城市管理工作。",
            "會議強調，要堅持以人民為中心的發展思想。",
            "廣州市人民政府辦公廳 版權所有",
            "亚洲国产精品无码视频| 国产精品免费观看",
        ]
        let page = extractor.features(of: lines)
        let mismatch = ContextToken(observation: .hanVariantAgainstPage, bucket: 1).key
        let same = ContextToken(observation: .hanVariantAgainstPage, bucket: 0).key
        #expect(page.lines[3].contextKeys.contains(mismatch))
        #expect(page.lines[0].contextKeys.contains(same))
        #expect(page.lines[3].contextKeys.contains(ContextToken(observation: .scriptAgainstPage, bucket: 0).key))
    }

    /// `ContextToken.all`, which names keys in `chaff inspect`, holds every
    /// context key the extractor writes, and a line's context tokens (a
    /// block's reasons) are its keys' tokens: lines of the page's script, of
    /// another, and of no letters, with and without separators (the last
    /// reach bucket 21 of the script-by-separators observation).
    @Test func everyContextKeyIsANamedToken() {
        let lines = [
            "The council approved the new library budget on Tuesday evening.",
            "亚洲精品国产视频在线观看免费无码高清",
            "亚洲精品 | 国产视频 | 在线观看 | 免费无码 | 高清久久",
            "1|2|3|4|5|6|7|8",
            "2024",
            "Residents asked about parking, the schedule and the cost of the works.",
        ]
        let named = Set(ContextToken.all.map(\.key))
        let page = extractor.features(of: lines)
        let scan = extractor.scan(lines, markup: nil) { _, _ in }
        for (index, line) in page.lines.enumerated() {
            #expect(!line.contextKeys.isEmpty, "line \(index)")
            for key in line.contextKeys { #expect(named.contains(key), "line \(index): #\(String(key, radix: 16))") }
            #expect(extractor.contextTokens(of: index, in: scan).map(\.key) == line.contextKeys, "line \(index)")
        }
        let noLettersDense = ContextToken(observation: .foreignScriptBySeparators, bucket: 2 * 8 + 5).key
        #expect(page.lines[3].contextKeys.contains(noLettersDense))
    }

    @Test func extractionIsDeterministic() {
        let lines = Fixtures.pages[0].lines
        #expect(extractor.features(of: lines) == extractor.features(of: lines))
    }
}

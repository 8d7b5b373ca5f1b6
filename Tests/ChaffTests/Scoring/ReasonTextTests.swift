@testable import Chaff
import Testing

/// How a block's n-gram reasons read: whole words of alphabetic scripts, the
/// ideographic n-grams themselves.
@Suite struct ReasonTextTests {
    static func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    @Test func aSubwordWidensToItsWord() {
        let line = Self.scalars("buy cheap viagra | 无码高清")
        // "eap" (the subword "eap$") and "chea" are "cheap"; "buy cheap" stays a bigram.
        #expect(ReasonFinder.wholeWords(around: 6..<9, in: line) == 4..<9)
        #expect(ReasonFinder.wholeWords(around: 4..<8, in: line) == 4..<9)
        #expect(ReasonFinder.wholeWords(around: 0..<9, in: line) == 0..<9)
        // A word at the line's edges, and Cyrillic.
        #expect(ReasonFinder.wholeWords(around: 1..<3, in: line) == 0..<3)
        let russian = Self.scalars("казино онлайн")
        #expect(ReasonFinder.wholeWords(around: 8..<11, in: russian) == 7..<13)
        // Ideographs have no word to widen to.
        #expect(ReasonFinder.wholeWords(around: 20..<22, in: line) == 20..<22)
        #expect(ReasonFinder.wholeWords(around: 19..<20, in: line) == 19..<20)
    }

    @Test func blacklistFragmentsAreExplainedByTheirWords() throws {
        // Comment-blacklist fragments as the shipped model sees them: glued and
        // clipped words, whose 4-character subwords are what weighs.
        let scorer = PageScorer(model: try ModelFile.read(Fixtures.defaultModel))
        let spam = "monclerparis | cheap louboutinshoes | escortistanbul | vuittonbags outlet | uggsboots sale | replicawatches"
        let report = scorer.score(lines: ["The council approved the new library budget on Tuesday.", spam,
                                          "Copyright 2024 City Council. All rights reserved."], source: "t")
        let block = try #require(report.blocks.first)
        let words = Set(spam.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
        // The n-gram reasons come first: each of their words is a whole word
        // of the line, not a fragment such as "oncl" or "tanb".
        let ngramReasons = block.reasons.prefix(ReasonFinder.ngramReasons).filter { $0.allSatisfy { $0.isLetter || $0 == " " } }
        #expect(ngramReasons.count >= 3, "\(block.reasons)")
        for reason in ngramReasons {
            #expect(reason.split(separator: " ").allSatisfy { words.contains(String($0)) }, "\(reason) in \(block.reasons)")
        }
    }
}

import Chaff
@testable import ChaffCLI
import Foundation
import Testing

/// `chaff train`'s warning about texts labeled both ways.
@Suite struct LabelConflictsTests {
    func page(_ id: String, _ lines: [(String, Bool)]) -> LabeledPage {
        LabeledPage(id: id, lines: lines.map(\.0), labels: lines.map(\.1))
    }

    @Test func aTextLabeledBothWaysIsReportedOnceWithBothPages() {
        let conflicts = LabelConflicts(pages: [
            page("a", [("cheap replica watches", true), ("the council met", false)]),
            page("b", [("cheap replica watches", false), ("the council met", false)]),
            page("c", [("cheap replica watches", false)]),
        ])
        #expect(conflicts.count == 1)
        #expect(conflicts.examples == ["'cheap replica watches' is labeled legit in b but injected in a"])
    }

    @Test func linesAreComparedWithoutTheWhitespaceAroundThem() {
        let conflicts = LabelConflicts(pages: [
            page("a", [("\u{3000} 在线观看\t", true), ("\u{A0}cheap  watches ", true), ("   ", true)]),
            page("b", [("在线观看", false), ("cheap watches", false), ("", false)]),
        ])
        // The ideographic space, no-break space and tab are trimmed; the
        // double space inside a line is part of its text; blank lines are skipped.
        #expect(conflicts.count == 1)
        #expect(conflicts.examples.first?.hasPrefix("'在线观看' is labeled legit in b") == true)
    }

    @Test func trimmingAgreesWithFoundation() {
        let samples = [
            "", " ", "\t", "a", " a ", "\u{2003}a b\u{202F}", "\u{3000}\u{3000}", "a\u{200B}", "\u{85}a\u{85}",
            "\n a \n", "é ", " \u{1680}x\u{205F}", "x\u{2028}", "\u{FEFF}x",
        ]
        for sample in samples {
            let mine = String(decoding: Array(sample.utf8)[LabelConflicts.trimmed(sample)], as: UTF8.self)
            #expect(mine == sample.trimmingCharacters(in: .whitespaces), "\(sample.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func theExamplesStopAtFiveAndTheRestAreCounted() {
        let texts = (0..<8).map { "text number \($0)" }
        let conflicts = LabelConflicts(pages: [
            page("a", texts.map { ($0, true) }),
            page("b", texts.map { ($0, false) }),
        ])
        #expect(conflicts.count == 8)
        #expect(conflicts.examples.count == LabelConflicts.exampleLimit)
        #expect(conflicts.examples.last?.contains("text number 4") == true)
    }
}

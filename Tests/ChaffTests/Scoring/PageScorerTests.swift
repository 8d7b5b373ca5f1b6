import Chaff
import ChaffTestSupport
import Foundation
import Testing

@Suite struct PageScorerTests {
    let scorer = PageScorer(model: Fixtures.smallModel)

    @Test func reportsOneEntryPerLineAndTheBlock() {
        let lines = ["市政府召开常务会议研究部署城市更新工作。", "", "亚洲精品无码在线观看| 国产精品视频免费| 日韩无码高清在线| 久久精品国产亚洲", "版权所有：某某市人民政府办公室 地址：人民路1号"]
        let report = scorer.score(lines: lines, source: "t.txt")
        #expect(report.lines.map(\.number) == [1, 2, 3, 4])
        #expect(report.lines.map(\.injected) == [false, false, true, false])
        #expect(report.lines[1].score == 0)
        #expect(report.verdict == .injected)
        #expect(report.blocks.count == 1)
        #expect(report.blocks[0].firstLine == 3 && report.blocks[0].lastLine == 3)
        #expect(report.blocks[0].reasons.contains { ["精品", "无码", "国产精品", "亚洲精品", "精品视", "无码高"].contains($0) || $0.contains("精") })
        #expect(report.score == report.blocks[0].score)
    }

    @Test func jsonFollowsTheContract() throws {
        let report = scorer.score(text: "首页 | 新闻中心 | 政务公开 | 办事服务\n亚洲精品无码在线观看| 国产精品视频免费| 日韩无码高清在线\n", source: "p.txt")
        let object = try #require(JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(Array(object.keys).sorted() == ["blocks", "lines", "score", "source", "threshold", "verdict"])
        #expect(object["source"] as? String == "p.txt")
        #expect(object["verdict"] as? String == "injected")
        let lines = try #require(object["lines"] as? [[String: Any]])
        #expect(lines.count == 2)
        #expect(Set(lines[0].keys) == ["number", "score", "injected"])
        let blocks = try #require(object["blocks"] as? [[String: Any]])
        #expect(blocks.first?["firstLine"] as? Int == 2)
    }

    @Test func aScorerThatDoesNotExplainChangesNothingButTheReasons() throws {
        let quiet = PageScorer(model: Fixtures.smallModel, explainsBlocks: false)
        #expect(scorer.explainsBlocks && !quiet.explainsBlocks)
        let text = "首页 | 新闻中心 | 政务公开 | 办事服务\n亚洲精品无码在线观看| 国产精品视频免费| 日韩无码高清在线\n\n"
            + "The council approved the new library budget on Tuesday.\n"
            + "buy cheap viagra online | cialis no prescription | casino bonus free spins | payday loans\n"
        let full = scorer.score(text: text, source: "p.txt")
        let bare = quiet.score(text: text, source: "p.txt")
        try #require(full.blocks.count == 2)
        #expect(full.blocks.allSatisfy { !$0.reasons.isEmpty })
        #expect(bare.blocks.allSatisfy { $0.reasons.isEmpty })
        var withoutReasons = full
        for index in withoutReasons.blocks.indices { withoutReasons.blocks[index].reasons = [] }
        // Scores, flags, blocks and site titles: everything the cleaned text is made from.
        #expect(bare == withoutReasons)
    }

    @Test func textIsScoredAsItsLines() {
        // LF, CRLF and CR ends, an empty line, a trailing line without an end,
        // and a line longer than the line limit: scoring the text's bytes
        // gives the report of its lines as strings.
        let long = String(repeating: "亚洲精品|", count: TextLimits.maximumLineBytes / 13 + 5)
        let text = "市政府召开常务会议\r\n\n亚洲精品无码在线观看| 国产精品视频免费\rHome | News\n\(long)\nlast line"
        let fromText = scorer.score(text: text, source: "t")
        let fromLines = scorer.score(lines: LineScanner().lines(in: text), source: "t")
        #expect(fromText.lines.count == 6)
        #expect(fromText == fromLines)
    }

    @Test func cleanPagesAreClean() {
        let report = scorer.score(lines: ["The council approved the new library budget on Tuesday.", "Home | News | Contact"])
        #expect(report.verdict == .clean)
        #expect(report.blocks.isEmpty)
    }

    @Test func badInputNeverCrashes() {
        var generator = SeededGenerator(seed: 42)
        let garbage = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let report = scorer.score(utf8: garbage, source: "garbage")
        #expect(report.lines.count == LineScanner().lines(in: garbage).count)
        #expect(scorer.score(text: "").lines.isEmpty)
        #expect(scorer.score(lines: [String(repeating: "|", count: 100_000)]).lines.count == 1)
        #expect(scorer.score(lines: [String(repeating: "精品", count: 200_000)]).lines.count == 1)
    }

    @Test func oneScorerServesManyTasksAtOnce() async {
        let pages = Fixtures.pages.map(\.lines)
        let shared = scorer
        let expected = pages.map { shared.score(lines: $0).json() }
        let results = await withTaskGroup(of: (Int, String).self) { group in
            for _ in 0..<8 {
                for (index, lines) in pages.enumerated() {
                    group.addTask { (index, shared.score(lines: lines).json()) }
                }
            }
            var all: [(Int, String)] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == pages.count * 8)
        #expect(results.allSatisfy { expected[$0.0] == $0.1 })
    }

    @Test func theSeedPageHasExactlyLine37Flagged() throws {
        try #require(FileManager.default.fileExists(atPath: Fixtures.defaultModel.path))
        guard Fixtures.hasSeedPage else {
            print("skipped: \(Fixtures.seedPage.path) is absent (it lives in ../shared beside the checkout)")
            return
        }
        let scorer = PageScorer(model: try ModelFile.read(Fixtures.defaultModel))
        let report = scorer.score(utf8: [UInt8](try Data(contentsOf: Fixtures.seedPage)), source: "seed.txt")
        #expect(report.lines.filter(\.injected).map(\.number) == [37])
        #expect(report.blocks.count == 1)

        // Golden report: regenerate with CHAFF_UPDATE_GOLDEN=1 after retraining the default model.
        let golden = Fixtures.packageRoot.appendingPathComponent("Tests/ChaffTests/Golden/seed-report.json")
        if ProcessInfo.processInfo.environment["CHAFF_UPDATE_GOLDEN"] == "1" {
            try (report.json() + "\n").write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(report.json() + "\n" == expected, "seed report differs from Tests/ChaffTests/Golden/seed-report.json")
    }
}

extension PageScorerTests {
    /// A text page given as bytes is explained from the same bytes it is
    /// scored from, so invalid UTF-8 (here a truncated sequence, one U+FFFD
    /// per byte) gives the explanation the report's score.
    @Test func explanationsOfBytesMatchTheirScores() {
        var bytes = Array("市政府召开常务会议研究部署城市更新工作。\n亚洲精品".utf8)
        bytes += [0xE4, 0xB8]
        bytes += Array("无码在线观看| 国产精品视频免费| 日韩无码高清在线\n\n版权所有\u{FF1A}某某市人民政府".utf8)
        let lines = UTF8Lines(bytes)
        let report = scorer.score(lines: lines, source: "bytes")
        let explanations = scorer.explain(lines: lines)
        #expect(explanations.count == report.lines.count)
        #expect(explanations.map(\.score) == report.lines.map(\.score))
        #expect(!explanations[1].ngrams.isEmpty, "\(explanations[1].ngrams)")
        #expect(explanations[1].ngrams.allSatisfy { "亚洲精品\u{FFFD}\u{FFFD}无码在线观看| 国产精品视频免费| 日韩无码高清在线".contains($0.text) })
    }
}

@testable import Chaff
import Testing

@Suite struct TitlePrefixTests {
    @Test func theLeadingPartIsWhatComesBeforeTheLastSeparator() {
        #expect(TitlePrefix.leadingPart(of: "亚洲精品,久久视频 - 某某市人民政府") == "亚洲精品,久久视频")
        #expect(TitlePrefix.leadingPart(of: "关于开展安全检查的通知_某某市人民政府") == "关于开展安全检查的通知")
        #expect(TitlePrefix.leadingPart(of: "News | City of Springfield") == "News")
        #expect(TitlePrefix.leadingPart(of: "Budget 2025 - Council - City of Springfield") == "Budget 2025 - Council")
        #expect(TitlePrefix.leadingPart(of: "お知らせ｜株式会社サンプル") == "お知らせ")
    }

    @Test func aTitleWithoutASitePartHasNone() {
        #expect(TitlePrefix.leadingPart(of: "某某市人民政府") == nil)
        #expect(TitlePrefix.leadingPart(of: "e-mail and self-service") == nil)
        #expect(TitlePrefix.leadingPart(of: " - Site") == nil)
        #expect(TitlePrefix.leadingPart(of: "Title | ") == nil)
        #expect(TitlePrefix.leadingPart(of: "") == nil)
    }

    @Test func aHijackedTitleScoresAtLeastAsHighAsTheWholeLine() {
        let scorer = PageScorer(model: Fixtures.smallModel)
        let title = "亚洲精品无码在线观看,国产精品视频免费 - 市政府召开常务会议研究部署城市更新工作"
        let markup = LineMarkup(kind: .title, isHidden: false, linkTextShare: 0, linkCount: 0, foreignHosts: 0)
        let asTitle = scorer.score(lines: [title], markup: [markup]).lines[0].score
        let body = LineMarkup(kind: .body, isHidden: false, linkTextShare: 0, linkCount: 0, foreignHosts: 0)
        let asBody = scorer.score(lines: [title], markup: [body]).lines[0].score
        let leadingAlone = scorer.score(lines: ["亚洲精品无码在线观看,国产精品视频免费"], markup: [markup]).lines[0].score
        #expect(asTitle >= leadingAlone - 1e-9)
        #expect(asTitle > asBody)
    }

    @Test func theExplanationSaysWhichPartWasScored() {
        let scorer = PageScorer(model: Fixtures.smallModel)
        let title = "亚洲精品无码在线观看,国产精品视频免费 - 市政府召开常务会议研究部署城市更新工作"
        let markup = LineMarkup(kind: .title, isHidden: false, linkTextShare: 0, linkCount: 0, foreignHosts: 0)
        let explanation = scorer.explain(lines: [title], markup: [markup])[0]
        #expect(explanation.scoredPart == "亚洲精品无码在线观看,国产精品视频免费")
        #expect(abs(explanation.score - scorer.score(lines: [title], markup: [markup]).lines[0].score) < 1e-12)
        #expect(!explanation.ngrams.contains { $0.text.contains("政府") })
        #expect(scorer.explain(lines: [title])[0].scoredPart == nil)
    }
}

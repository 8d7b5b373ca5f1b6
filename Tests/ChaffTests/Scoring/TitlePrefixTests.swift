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

    @Test func aTitleIsCutAtItsFirstAndItsLastSeparator() {
        let cuts = TitlePrefix.cuts(of: "澳门新葡京,百家乐 - 通知公告 | 某某市人民政府")
        #expect(cuts.map(\.leading) == ["澳门新葡京,百家乐", "澳门新葡京,百家乐 - 通知公告"])
        #expect(cuts.map(\.trailing) == ["通知公告 | 某某市人民政府", "某某市人民政府"])
        // One separator: one cut. The first separator is the earliest of any kind.
        #expect(TitlePrefix.cuts(of: "News | City of Springfield").map(\.leading) == ["News"])
        #expect(TitlePrefix.cuts(of: "a_b - c - d").map(\.leading) == ["a", "a_b - c"])
        // A cut with nothing on one side is left out; the other stays.
        #expect(TitlePrefix.cuts(of: " - Budget - Site").map(\.leading) == ["- Budget"])
        #expect(TitlePrefix.cuts(of: "Site").isEmpty)
    }

    @Test func keywordsBeforeATitleOfSeveralPartsAreScoredAlone() throws {
        let scorer = PageScorer(model: try ModelFile.read(Fixtures.defaultModel))
        let html = """
            <html><head><title>棋牌游戏送彩金,cheap viagra online,payday loans fast - Management of Intact Forestlands \
            by Indigenous Peoples Key to Protecting Climate - The Planetary Press</title></head><body>
            <p>Indigenous Peoples have had a track record of managing landscapes sustainably for millennia.</p>
            <p>However, incursions into their territories, often by settlers, have grown in recent years.</p></body></html>
            """
        let document = HTMLDocument(bytes: Array(html.utf8))
        let report = scorer.score(document: document)
        // Cut at the last separator, the keywords share the leading part with
        // the article's headline and scored 0.008.
        #expect(report.lines[0].injected)
        #expect(report.lines[0].siteTitle
                == "Management of Intact Forestlands by Indigenous Peoples Key to Protecting Climate - The Planetary Press")
        #expect(!report.lines[1].injected && !report.lines[2].injected)
        // An honest title of three parts stays clean.
        let honest = HTMLDocument(bytes: Array(html.replacingOccurrences(
            of: "棋牌游戏送彩金,cheap viagra online,payday loans fast", with: "Climate").utf8))
        #expect(scorer.score(document: honest).verdict == .clean)
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

extension TitlePrefix {
    /// The leading part of the title's last cut (``cuts(of:)``): the text
    /// before its last separator, trimmed; nil when it has no cut.
    static func leadingPart(of title: String) -> String? {
        cuts(of: title).last?.leading
    }
}

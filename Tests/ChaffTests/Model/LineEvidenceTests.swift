@testable import Chaff
import Testing

@Suite struct LineEvidenceTests {
    let lines = ["市政府召开常务会议研究部署城市更新工作。", "亚洲精品无码在线观看| 国产精品视频免费| 日韩无码高清在线",
                 "Council meeting minutes, 12 May", "casino poker | replica loan | porn slots"]
    let markup = [LineMarkup(kind: .body, isHidden: false, linkTextShare: 0, linkCount: 0, foreignHosts: 0),
                  LineMarkup(kind: .body, isHidden: true, linkTextShare: 1, linkCount: 3, foreignHosts: 3),
                  LineMarkup(kind: .body, isHidden: false, linkTextShare: 0.2, linkCount: 1, foreignHosts: 0),
                  LineMarkup(kind: .body, isHidden: false, linkTextShare: 1, linkCount: 3, foreignHosts: 2)]

    /// The calibrator is fitted on evidence built from stored features and
    /// applied to evidence the scorer gathers in one scan: they must agree.
    @Test(arguments: [false, true])
    func scoringAndCalibrationSeeTheSameEvidence(html: Bool) {
        let model = Fixtures.smallModel
        let markup = html ? markup : nil
        let (scanned, _, _) = PageScorer(model: model).evidenceAndScoredParts(of: lines, markup: markup)
        let stored = FeatureExtractor(configuration: model.configuration).features(of: lines, markup: markup).lines
            .map { LineEvidence(line: $0, table: model.table) }
        #expect(scanned == stored)
        #expect(scanned.allSatisfy { $0.plainText == (html ? 0 : 1) })
    }

    /// Lines long enough to grow the scan's key collector (once, then again)
    /// get the same evidence as stored features, and so do the lines after them.
    @Test func scoringAgreesAcrossLinesThatGrowTheKeyCollector() {
        func hanRun(_ count: Int, from start: Int) -> String {
            String(String.UnicodeScalarView((0..<count).map { Unicode.Scalar(UInt32(0x4E00 + (start + $0) * 7))! }))
        }
        let lines = [lines[1], hanRun(300, from: 0), lines[3], hanRun(800, from: 300), "", lines[0]]
        let model = Fixtures.smallModel
        let (scanned, _, _) = PageScorer(model: model).evidenceAndScoredParts(of: lines, markup: nil)
        let stored = FeatureExtractor(configuration: model.configuration).features(of: lines).lines
            .map { LineEvidence(line: $0, table: model.table) }
        #expect(stored[1].ngramScaled != stored[3].ngramScaled)
        #expect(scanned == stored)
    }

    @Test func plainTextShiftsTheLogOddsByItsWeight() {
        var evidence = LineEvidence()
        evidence.ngramScaled = 1.5
        let weights = [0.7, 0, 0.1, 0.5, 0.2, 0.4, 1.5]
        let html = evidence.logOdds(weights: weights, bias: -4)
        evidence.plainText = 1
        #expect(abs(evidence.logOdds(weights: weights, bias: -4) - html - 1.5) < 1e-12)
    }
}

@testable import Chaff
import Foundation
import Testing

/// ``TokenWeightTable``: a scorer reads structure and context tokens' weights
/// by measure and bucket, and must read exactly what looking their keys up in
/// the model's table gives.
@Suite struct TokenWeightTableTests {
    /// A table holding `weights` by key, placed as ``WeightTable.Probe`` finds them.
    static func table(_ weights: [(key: UInt32, weight: Double)]) -> WeightTable {
        var slots = [UInt64](repeating: 0, count: 64)
        for (key, weight) in weights {
            var index = Int(key) & 63
            while slots[index] != 0 { index = (index + 1) & 63 }
            slots[index] = WeightTable.pack(key: key, weight: weight, flags: 0)
        }
        return WeightTable(slots: slots)
    }

    /// Tokens in the dense table, tokens past its buckets (read by key), and
    /// tokens the model lacks (0) all read as their keys' weights.
    @Test func readsEachTokensWeightAsItsKeyWould() {
        let inTable = ShapeToken(measure: .segments, bucket: 3)
        let pastTable = ShapeToken(measure: .length, bucket: 500)
        let context = ContextToken(observation: .sharedVocabulary, bucket: 2)
        let contextPastTable = ContextToken(observation: .foreignScriptBySeparators, bucket: 80)
        let table = Self.table([(inTable.key, 1.5), (pastTable.key, -2.25), (context.key, 0.75), (contextPastTable.key, 3)])
        table.withProbe { probe in
            TokenWeightTable(ShapeToken.keyTable, table: probe).withReader(tokens: probe) { reader in
                for token in ShapeToken.all + [pastTable, ShapeToken(measure: .urls, bucket: 72)] {
                    #expect(reader.fixedWeight(code: token.measureCode, bucket: token.bucket) == probe.fixedWeight(of: token.key),
                            "\(token.name)")
                }
                #expect(reader.fixedWeight(code: inTable.measureCode, bucket: inTable.bucket) == 6144)
                #expect(reader.fixedWeight(code: pastTable.measureCode, bucket: pastTable.bucket) == -9216)
            }
            TokenWeightTable(ContextToken.keyTable, table: probe).withReader(tokens: probe) { reader in
                for token in ContextToken.all + [contextPastTable] {
                    #expect(reader.fixedWeight(code: token.measureCode, bucket: token.bucket) == probe.fixedWeight(of: token.key),
                            "\(token.name)")
                }
                #expect(reader.fixedWeight(code: contextPastTable.measureCode, bucket: contextPastTable.bucket) == 12288)
            }
        }
    }

    /// Over real pages and the shipped model, the scorer's evidence (shape
    /// and context read by bucket, no shape keys written) equals the evidence
    /// of the pages' stored features, whose keys are looked up: line by line,
    /// every input of the calibrator.
    @Test func scoringEvidenceIsTheStoredFeaturesEvidenceOnTrainingPages() throws {
        let model = try ModelFile.read(Fixtures.defaultModel)
        let scorer = PageScorer(model: model)
        let extractor = FeatureExtractor(configuration: model.configuration)
        let pages = LineCacheTests.trainingPages
        try #require(pages.count == 300, "TrainingData/pages has the English and Chinese pages")
        var lines = 0
        for page in pages {
            let (scanned, _, _) = scorer.evidenceAndScoredParts(of: page.lines, markup: nil)
            let stored = extractor.features(of: page.lines).lines.map { LineEvidence(line: $0, table: model.table) }
            lines += stored.count
            if scanned != stored {
                Issue.record("page \(page.id): the scorer's evidence differs from the stored features'")
                break
            }
        }
        #expect(lines > 5_000)
    }
}

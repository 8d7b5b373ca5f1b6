@testable import Chaff
import ChaffTestSupport
import Foundation
import Testing

@Suite struct ModelTrainerTests {
    func train(_ pages: some Sequence<LabeledPage>, capacity: Int = 40) -> ModelTrainer {
        var trainer = ModelTrainer(sampleCapacity: capacity)
        for page in pages { trainer.add(page) }
        return trainer
    }

    @Test func trainingTwiceGivesTheSameBytes() throws {
        let first = try ModelFile.encode(train(Fixtures.pages).finish())
        let second = try ModelFile.encode(train(Fixtures.pages).finish())
        #expect(first == second)
    }

    @Test func pageOrderDoesNotMatter() throws {
        let forward = try ModelFile.encode(train(Fixtures.pages).finish())
        let backward = try ModelFile.encode(train(Fixtures.pages.reversed()).finish())
        #expect(forward == backward)
    }

    @Test func mergedShardsEqualTheWhole() throws {
        let whole = try ModelFile.encode(train(Fixtures.pages).finish())
        var shards = [train(Fixtures.pages[0..<13]), train(Fixtures.pages[13..<27]), train(Fixtures.pages[27...])]
        var merged = shards.removeLast()
        for shard in shards { merged.merge(shard) }
        #expect(try ModelFile.encode(merged.finish()) == whole)
    }

    @Test func updatingAModelEqualsTrainingOnEverything() throws {
        let whole = try ModelFile.encode(train(Fixtures.pages).finish())
        let first = train(Fixtures.pages[0..<20]).finish()
        let scratch = TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let url = scratch.file("first.chaffmodel")
        try ModelFile.write(first, to: url)
        var continued = try ModelTrainer(continuing: ModelFile.read(url))
        for page in Fixtures.pages[20...] { continued.add(page) }
        #expect(try ModelFile.encode(continued.finish()) == whole)
    }

    @Test func theLineCacheChangesNothingButTheTime() throws {
        // Every page twice, so that the cache has lines to find.
        let pages = Fixtures.pages + Fixtures.pages
        func train(lineCacheBytes: Int) -> ModelTrainer {
            var trainer = ModelTrainer(sampleCapacity: 40, lineCacheBytes: lineCacheBytes)
            for page in pages { trainer.add(page) }
            return trainer
        }
        let cached = train(lineCacheBytes: ModelTrainer.defaultLineCacheBytes)
        // Off, and so small that it fills and is emptied between pages.
        for bytes in [0, 12 << 10] {
            let other = train(lineCacheBytes: bytes)
            #expect(other.counts == cached.counts)
            #expect(other.featureNames == cached.featureNames)
            #expect(try ModelFile.encode(other.finish()) == ModelFile.encode(cached.finish()))
        }
        // Counting the tallied lines for `counts` or `finish()` leaves them
        // tallied: adding more pages afterwards counts them once.
        var trainer = train(lineCacheBytes: ModelTrainer.defaultLineCacheBytes)
        _ = trainer.counts
        _ = trainer.finish()
        for page in pages { trainer.add(page) }
        var twice = train(lineCacheBytes: 0).counts
        twice.merge(twice)
        #expect(trainer.counts == twice)
    }

    @Test func aCacheFullOfLinesSeenOnceIsEmptiedForTheNextPage() {
        // Lines that never repeat leave only their hashes, and with nothing
        // tallied the full cache must still be emptied, or it would cache
        // nothing more.
        var trainer = ModelTrainer(sampleCapacity: 40, lineCacheBytes: 12 << 10)
        var page = 0
        while !trainer.lineCache.isFull && page < 100 {
            let lines = (0..<20).map { "page \(page), line \($0), said once" }
            trainer.add(LabeledPage(id: "once-\(page)", lines: lines, labels: lines.map { _ in false }))
            page += 1
        }
        let (full, cached) = (trainer.lineCache.isFull, trainer.lineCache.count)
        #expect(full && cached == 0)
        let next = Fixtures.pages[0]
        trainer.add(next)
        let (fullAfter, seen) = (trainer.lineCache.isFull, trainer.lineCache.seenCount)
        #expect(!fullAfter)
        #expect(seen > 0 && seen <= next.lines.count)
    }

    @Test func streamingCountsAndSamplesWhatTheExtractorGives() {
        // Fewer places than lines, so that the sample trims in the middle of
        // a page and turns later lines away by their hash.
        let trainer = train(Fixtures.pages, capacity: 100)
        var counts = FeatureCounts()
        var sample = CalibrationSample(capacity: 100)
        let extractor = FeatureExtractor()
        for page in Fixtures.pages {
            for (line, injected) in zip(extractor.pageFeatures(of: page).lines, page.labels) where !line.isEmpty {
                counts.add(line, injected: injected)
                sample.offer(line, injected: injected)
            }
        }
        sample.normalize()
        var streamed = trainer.sample
        streamed.normalize()
        #expect(streamed.count == 100)
        #expect(streamed == sample)
        #expect(streamed.entries == sample.entries)
        #expect(trainer.counts == counts)
    }

    @Test func countsAreLinesPerClass() throws {
        let counts = try Fixtures.smallModel.counts()
        let injected = Fixtures.pages.flatMap(\.labels).filter { $0 }.count
        #expect(counts.lines[1] == UInt64(injected))
        #expect(counts.lines[0] == UInt64(Fixtures.pages.flatMap(\.labels).count - injected))
    }

    @Test func theModelSeparatesWhatItWasTrainedOn() {
        let model = Fixtures.smallModel
        let extractor = FeatureExtractor()
        let page = extractor.features(of: ["首页 | 新闻中心 | 政务公开 | 办事服务", "亚洲精品无码在线观看| 国产精品视频免费| 日韩无码高清在线"])
        #expect(model.probability(of: page.lines[0]) < 0.5)
        #expect(model.probability(of: page.lines[1]) > 0.5)
    }

    @Test func theCalibratorIsFittedAndWeighsNoEvidenceAgainstSpam() {
        // 300 pages of varied legit sentences and keyword lines: enough held-out
        // lines of each class for all eight parts.
        var generator = SeededGenerator(seed: 5)
        let words = ["council", "meeting", "budget", "school", "river", "bridge", "library", "report", "notice", "festival"]
        let spam = ["casino", "poker", "replica", "escort", "viagra", "loan", "porn", "slots", "betting", "jackpot"]
        func phrase(_ pool: [String], _ count: Int) -> String {
            (0..<count).map { _ in pool.randomElement(using: &generator)! }.joined(separator: " ")
        }
        let pages = (0..<300).map { i in
            LabeledPage(id: "p\(i)", lines: [phrase(words, 8) + ".", phrase(words, 12) + ".",
                                             (0..<6).map { _ in phrase(spam, 2) }.joined(separator: " | ")],
                        labels: [false, false, true])
        }
        let model = train(pages, capacity: 800).finish()
        #expect(model.calibrator != .uncalibrated)
        #expect(model.calibrator.weights.allSatisfy { $0 >= 0 })
        #expect(model.calibrator.weights[0] > 0)
        let lines = FeatureExtractor().features(of: ["Library notice for the river festival.", "casino poker | replica loan | porn slots"]).lines
        #expect(model.probability(of: lines[0]) < 0.5)
        #expect(model.probability(of: lines[1]) > 0.5)
    }

    @Test func aHeldOutPartIsWeighedAsIfItsLinesWereNeverCounted() {
        let trainer = train(Fixtures.pages, capacity: 400)
        var sample = trainer.sample
        sample.normalize()
        let part = stride(from: 0, to: sample.entries.count, by: 3).map { sample.entries[$0] }
        #expect(part.count > 20)
        // The reference: copy the counts, remove the part, weigh everything.
        var counts = trainer.counts
        for entry in part { counts.remove(entry.features, injected: entry.injected) }
        let reference = WeightTable.build(from: counts, parameters: trainer.parameters)
        let table = trainer.heldOutTable(without: part, vocabularySizes: trainer.counts.vocabularySizes, notKeywords: [])
        for entry in part {
            let f = entry.features
            for key in f.ngramKeys + f.shapeKeys + f.contextKeys + f.markupKeys {
                #expect(table.lookUp(key)?.weight == reference.lookUp(key)?.weight)
                #expect(table.lookUp(key)?.flags == reference.lookUp(key)?.flags)
            }
        }
    }

    @Test func theSpamLexiconHoldsSpamTerms() throws {
        let model = Fixtures.smallModel
        let key = FeatureExplainer(configuration: .standard).ngrams(of: "精品").first { $0.text == "精品" }!.key
        #expect(model.table.isLexicon(key))
        #expect(try model.featureNames().values.contains("精品"))
    }

    @Test func aLineSeenLegitBeforeIsNamedWhenItComesInjected() {
        // The trainer names a repeated injected line once: a line first seen
        // legit, then injected, must still be named, and a repeat changes nothing.
        let line = "独角兽乐园开业"
        let legitFirst = [
            LabeledPage(id: "a", lines: ["市政府会议纪要", line], labels: [false, false]),
            LabeledPage(id: "b", lines: ["市政府会议纪要", line], labels: [false, true]),
            LabeledPage(id: "c", lines: ["图书馆通知", line], labels: [false, true]),
        ]
        let names = train(legitFirst).featureNames
        #expect(names.values.contains("独角兽"))
        #expect(names.values.contains("乐园开"))
        // Legit lines are never named: the injected line alone gives the same names.
        var once = ModelTrainer(sampleCapacity: 40)
        once.add(legitFirst[1])
        #expect(once.featureNames == names)
    }

    @Test func aSingleLatinLetterIsNeverAKeyword() {
        let pages = (0..<6).map { i in
            LabeledPage(id: "p\(i)", lines: ["Council meeting minutes for week \(i)", "h casinobonus h", "h 亚洲"],
                        labels: [false, true, true])
        }
        let model = train(pages).finish()
        let explainer = FeatureExplainer(configuration: model.configuration)
        func key(_ text: String, in line: String) -> UInt32 {
            explainer.ngrams(of: line).first { $0.text == text }!.key
        }
        // Spam-only in both cases, but only the word and the Han character are keywords.
        #expect(model.table.weight(of: key("h", in: "h casinobonus h")) > 1.95)
        #expect(!model.table.isLexicon(key("h", in: "h casinobonus h")))
        #expect(model.table.isLexicon(key("casinobonus", in: "h casinobonus h")))
        #expect(model.table.isLexicon(key("亚", in: "h 亚洲")))
    }
}

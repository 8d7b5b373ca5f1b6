@testable import Chaff
import ChaffTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing

/// `ModelTrainer.add(_:jobs:progress:)`: pages counted on several threads.
@Suite struct ParallelTrainingTests {
    func model(jobs: Int, capacity: Int = 40) throws -> [UInt8] {
        var trainer = ModelTrainer(sampleCapacity: capacity)
        trainer.add(Fixtures.pages, jobs: jobs)
        return try ModelFile.encode(trainer.finish())
    }

    @Test func anyNumberOfThreadsGivesTheModelOfOneByOne() throws {
        var trainer = ModelTrainer(sampleCapacity: 40)
        for page in Fixtures.pages { trainer.add(page) }
        let oneByOne = try ModelFile.encode(trainer.finish())
        for jobs in [1, 2, 3, 7, Fixtures.pages.count + 5] {
            #expect(try model(jobs: jobs) == oneByOne, "jobs \(jobs)")
        }
    }

    @Test func aContinuedModelGetsTheSameCountsOnSeveralThreads() throws {
        var firstTrainer = ModelTrainer(sampleCapacity: 40)
        firstTrainer.add(Array(Fixtures.pages[0..<10]), jobs: 1)
        let scratch = TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let first = scratch.file("first.chaffmodel")
        try ModelFile.write(firstTrainer.finish(), to: first)
        func continued(jobs: Int) throws -> [UInt8] {
            var trainer = try ModelTrainer(continuing: ModelFile.read(first))
            trainer.add(Array(Fixtures.pages[10...]), jobs: jobs)
            return try ModelFile.encode(trainer.finish())
        }
        #expect(try continued(jobs: 3) == continued(jobs: 1))
        #expect(try continued(jobs: 1) == model(jobs: 1))
    }

    @Test func progressEndsAtEveryPageAndByte() {
        let pages = Fixtures.pages
        for jobs in [1, 3] {
            var last = (pages: 0, bytes: 0)
            var calls = 0
            var trainer = ModelTrainer()
            trainer.add(pages, jobs: jobs) { done, bytes in
                #expect(done >= last.pages && bytes >= last.bytes, "progress went back")
                last = (done, bytes)
                calls += 1
            }
            #expect(calls > 0)
            #expect(last.pages == pages.count)
            #expect(last.bytes == pages.reduce(0) { $0 + $1.lines.reduce(0) { $0 + $1.utf8.count + 1 } })
        }
    }

    @Test func progressIsReportedOnTheCallingThreadOnly() {
        // A console is not thread-safe: `chaff train` writes progress from
        // the callback.
        let caller = pthread_self()
        var elsewhere = 0
        var trainer = ModelTrainer()
        trainer.add(Fixtures.pages, jobs: 4) { _, _ in
            if pthread_equal(pthread_self(), caller) == 0 { elsewhere += 1 }
        }
        #expect(elsewhere == 0)
    }

    @Test func runsCoverEveryPageInOrderWithSimilarText() {
        let pages = (0..<100).map { index in
            LabeledPage(id: "p\(index)", lines: [String(repeating: "x", count: index % 7 == 0 ? 500 : 50)], labels: [false])
        }
        for count in [1, 2, 3, 8, 100, 150] {
            let runs = ModelTrainer.runs(of: pages, count: count)
            #expect(runs.count <= count && (count > 8 || runs.count == count))
            #expect(runs.first?.lowerBound == 0 && runs.last?.upperBound == pages.count)
            #expect(runs.allSatisfy { !$0.isEmpty })
            #expect(zip(runs, runs.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            guard count == 3 else { continue }
            let bytes = runs.map { pages[$0].reduce(0) { $0 + $1.textBytes } }
            let total = bytes.reduce(0, +)
            // Each run within one page's text of its share.
            #expect(bytes.allSatisfy { abs($0 - total / 3) <= 502 }, "\(bytes)")
        }
        #expect(ModelTrainer.runs(of: [], count: 4).isEmpty)
    }
}

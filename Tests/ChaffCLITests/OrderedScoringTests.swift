import Chaff
@testable import ChaffCLI
import Foundation
import Synchronization
import Testing

/// `OrderedScoring.stream`: items worked on by several threads, results
/// delivered in the order the items came, whatever the threads' pace.
@Suite struct OrderedScoringTests {
    struct ReadFailure: Error, Equatable {}

    /// Streams `count` items (their sizes `size(i)` bytes) through `jobs`
    /// threads whose work takes longer for some items than others; returns
    /// what was delivered, how often `whenWaiting` ran, and the most items
    /// added but not yet delivered at any moment, counted from before an item
    /// is added to after its result is delivered: up to two more than the
    /// pipeline itself holds (one waiting to be added, one just delivered).
    func run(
        count: Int, failingAfter: Int? = nil, jobs: Int, window: Int, byteWindow: Int = .max, size: @escaping @Sendable (Int) -> Int = { _ in 0 }
    ) -> (delivered: [Int], waits: Int, mostInFlight: Int, failure: ReadFailure?) {
        let inFlight = Mutex((now: 0, most: 0))
        var delivered: [Int] = []
        var waits = 0
        var failure: ReadFailure?
        do throws(ReadFailure) {
            try OrderedScoring.stream(jobs: jobs, window: window, byteWindow: byteWindow, caches: LineCachePool(byteLimit: 0)) {
                add throws(ReadFailure) in
                for item in 0..<count {
                    if let failingAfter, item == failingAfter { throw ReadFailure() }
                    inFlight.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
                    add(item, size(item))
                }
            } work: { item, _ in
                // Every third item is slow, so later ones finish first.
                if item % 3 == 0 { usleep(2_000) }
                return item * 10
            } deliver: { result in
                delivered.append(result / 10)
                inFlight.withLock { $0.now -= 1 }
            } whenWaiting: {
                waits += 1
            }
        } catch {
            failure = error
        }
        return (delivered, waits, inFlight.withLock { $0.most }, failure)
    }

    @Test(arguments: [1, 2, 3, 8])
    func resultsComeInTheOrderOfTheItems(jobs: Int) {
        let result = run(count: 200, jobs: jobs, window: 4 * jobs)
        #expect(result.delivered == Array(0..<200))
        #expect(result.failure == nil)
        #expect(result.mostInFlight <= 4 * jobs + 2)
        #expect(result.waits >= 1)
    }

    @Test(arguments: [1, 3])
    func itemsAddedBeforeAFailureAreDeliveredThenItIsThrown(jobs: Int) {
        let result = run(count: 50, failingAfter: 37, jobs: jobs, window: 8)
        #expect(result.delivered == Array(0..<37))
        #expect(result.failure == ReadFailure())
        let none = run(count: 50, failingAfter: 0, jobs: jobs, window: 8)
        #expect(none.delivered.isEmpty && none.failure == ReadFailure())
    }

    @Test func theByteWindowHoldsBackLargeItemsButAlwaysLetsOneThrough() {
        // Each item is larger than the byte window: one at a time.
        let alone = run(count: 30, jobs: 3, window: 100, byteWindow: 10, size: { _ in 64 })
        #expect(alone.delivered == Array(0..<30))
        #expect(alone.mostInFlight <= 3)
        let pairs = run(count: 30, jobs: 3, window: 100, byteWindow: 10, size: { _ in 5 })
        #expect(pairs.delivered == Array(0..<30))
        #expect(pairs.mostInFlight <= 4)
    }

    @Test func theCountedFormDeliversEachIndexOnce() {
        var delivered: [(Int, Int)] = []
        OrderedScoring.stream(count: 100, jobs: 3, window: 6, caches: LineCachePool(byteLimit: 0)) { index, _ in
            index % 7 == 0 ? (usleep(1_000), index * 2).1 : index * 2
        } deliver: { index, result in
            delivered.append((index, result))
        }
        #expect(delivered.map(\.0) == Array(0..<100))
        #expect(delivered.allSatisfy { $0.1 == $0.0 * 2 })
    }
}

import Chaff
import Dispatch
import Foundation

/// Pages scored on several threads, with the results in input order:
/// `chaff score --jobs` over files, WARC records and JSON lines.
enum OrderedScoring {
    /// Calls `work` for each of `count` items on up to `jobs` threads, and
    /// `deliver` on the calling thread for each result in item order, as soon
    /// as it and every result before it are in.
    ///
    /// Each thread takes a line cache from `caches` for the whole run, and then
    /// the next item nobody has taken as soon as it is done, so that a few long
    /// pages do not leave threads idle, unless `window` results are already
    /// waiting for `deliver`, which bounds the memory they hold. With one job,
    /// or one item, everything runs on the calling thread, each result
    /// delivered as soon as it is made.
    static func stream<Result: Sendable>(
        count: Int, jobs: Int, window: Int, caches: LineCachePool,
        _ work: @escaping @Sendable (_ index: Int, _ cache: inout PageScorer.LineCache) -> Result,
        deliver: (_ index: Int, Result) -> Void
    ) {
        guard jobs > 1 && count > 1 else {
            caches.withCache { cache in
                for index in 0..<count { deliver(index, work(index, &cache)) }
            }
            return
        }
        let queue = Queue<Result>(window: max(window, 1))
        let group = DispatchGroup()
        for _ in 0..<min(jobs, count) {
            DispatchQueue.global().async(group: group) {
                caches.withCache { cache in
                    while let index = queue.take(below: count) { queue.put(work(index, &cache), at: index) }
                }
            }
        }
        for index in 0..<count { deliver(index, queue.result(at: index)) }
        group.wait()
    }

    /// The items handed out and the results not yet delivered, behind one lock.
    private final class Queue<Result: Sendable>: @unchecked Sendable {
        private let condition = NSCondition()
        private let window: Int
        /// The next item to hand out.
        private var next = 0
        /// Results delivered so far: items below this are done with.
        private var delivered = 0
        private var waiting: [Int: Result] = [:]

        init(window: Int) { self.window = window }

        /// The next item below `count`, once fewer than `window` results wait
        /// to be delivered; nil when every item has been handed out.
        func take(below count: Int) -> Int? {
            condition.lock()
            defer { condition.unlock() }
            while next < count && next >= delivered + window { condition.wait() }
            guard next < count else { return nil }
            next += 1
            return next - 1
        }

        /// Hands in the result of item `index`.
        func put(_ result: Result, at index: Int) {
            condition.lock()
            waiting[index] = result
            condition.broadcast()
            condition.unlock()
        }

        /// The result of item `index`, the one after the last delivered, once it is in.
        func result(at index: Int) -> Result {
            condition.lock()
            defer { condition.unlock() }
            while waiting[index] == nil { condition.wait() }
            delivered = index + 1
            condition.broadcast()
            return waiting.removeValue(forKey: index)!
        }
    }
}

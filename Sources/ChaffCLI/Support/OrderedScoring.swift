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
        var delivered = 0
        stream(jobs: count > 1 ? jobs : 1, window: window, caches: caches) { add in
            for index in 0..<count { add(index, 0) }
        } work: { index, cache in
            work(index, &cache)
        } deliver: { result in
            deliver(delivered, result)
            delivered += 1
        } whenWaiting: {}
    }

    /// Calls `work` on up to `jobs` threads for each item `produce` adds, and
    /// `deliver` on the calling thread for each result in the order the items
    /// were added, as soon as it and every result before it are in: input
    /// of unknown length, read while it is scored (`--input jsonl`, `--warc`).
    ///
    /// `produce` runs on a thread of its own and calls `add` with each item and
    /// its size in bytes. `add` waits while `window` items, or items of
    /// `byteWindow` bytes, are added but not yet delivered (one item is always
    /// let through), which bounds the memory the pipeline holds. Before
    /// `deliver` waits for a result, `whenWaiting` is called once, so that the
    /// caller can flush what it has written: a caller fed one item at a time
    /// answers each before the next arrives. With one job everything runs on the
    /// calling thread: each item is worked on and delivered as soon as it is
    /// added, then `whenWaiting` is called.
    ///
    /// - Throws: what `produce` throws, after every result of the items it
    ///   added before is delivered.
    static func stream<Item: Sendable, Result: Sendable, Failure: Error>(
        jobs: Int, window: Int, byteWindow: Int = .max, caches: LineCachePool,
        produce: @escaping @Sendable (_ add: (_ item: Item, _ bytes: Int) -> Void) throws(Failure) -> Void,
        work: @escaping @Sendable (_ item: Item, _ cache: inout PageScorer.LineCache) -> Result,
        deliver: (Result) -> Void,
        whenWaiting: () -> Void
    ) throws(Failure) {
        guard jobs > 1 else {
            var failure: Failure?
            caches.withCache { cache in
                do throws(Failure) {
                    try produce { item, _ in
                        deliver(work(item, &cache))
                        whenWaiting()
                    }
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            return
        }
        let pipeline = Pipeline<Item, Result, Failure>(window: max(window, 1), byteWindow: byteWindow)
        let reader = Thread {
            do throws(Failure) {
                try produce { item, bytes in pipeline.add(item, bytes: bytes) }
                pipeline.end(failure: nil)
            } catch {
                pipeline.end(failure: error)
            }
        }
        reader.start()
        let group = DispatchGroup()
        for _ in 0..<jobs {
            DispatchQueue.global().async(group: group) {
                caches.withCache { cache in
                    while let (index, item) = pipeline.take() { pipeline.put(work(item, &cache), at: index) }
                }
            }
        }
        while let result = pipeline.next(whenWaiting: whenWaiting) { deliver(result) }
        group.wait()
        if let failure = pipeline.failure { throw failure }
    }

    /// The items added and not yet taken, and the results not yet delivered,
    /// behind one lock.
    private final class Pipeline<Item: Sendable, Result: Sendable, Failure: Error>: @unchecked Sendable {
        private let condition = NSCondition()
        private let window: Int
        private let byteWindow: Int
        /// Items added so far, taken so far and delivered so far: item `i` is
        /// waiting to be taken while `taken <= i < added`.
        private var added = 0, taken = 0, delivered = 0
        /// The bytes of the items added and not yet delivered, by item.
        private var sizes: [Int: Int] = [:]
        private var bytesInFlight = 0
        private var items: [Int: Item] = [:]
        private var results: [Int: Result] = [:]
        /// Whether every item has been added.
        private var ended = false
        /// Why adding stopped early.
        private(set) var failure: Failure?

        init(window: Int, byteWindow: Int) {
            self.window = window
            self.byteWindow = byteWindow
        }

        /// Adds an item of `bytes` bytes once there is room in the window.
        func add(_ item: Item, bytes: Int) {
            condition.lock()
            defer { condition.unlock() }
            while added > delivered && (added - delivered >= window || bytesInFlight + bytes > byteWindow) { condition.wait() }
            items[added] = item
            sizes[added] = bytes
            bytesInFlight += bytes
            added += 1
            condition.broadcast()
        }

        /// Marks the end of the items, early when `failure` says why.
        func end(failure: Failure?) {
            condition.lock()
            ended = true
            self.failure = failure
            condition.broadcast()
            condition.unlock()
        }

        /// The next item and its position, once one is added; nil when every
        /// item has been taken.
        func take() -> (Int, Item)? {
            condition.lock()
            defer { condition.unlock() }
            while taken == added && !ended { condition.wait() }
            guard taken < added else { return nil }
            let index = taken
            taken += 1
            return (index, items.removeValue(forKey: index)!)
        }

        /// Hands in the result of the item at `index`.
        func put(_ result: Result, at index: Int) {
            condition.lock()
            results[index] = result
            condition.broadcast()
            condition.unlock()
        }

        /// The result of the next item in order, once it is in; nil when
        /// every item's result has been delivered. `whenWaiting` is called,
        /// outside the lock, before the first wait.
        func next(whenWaiting: () -> Void) -> Result? {
            condition.lock()
            defer { condition.unlock() }
            var calledWaiting = false
            while results[delivered] == nil {
                if ended && delivered == added { return nil }
                if !calledWaiting {
                    calledWaiting = true
                    condition.unlock()
                    whenWaiting()
                    condition.lock()
                    continue
                }
                condition.wait()
            }
            let result = results.removeValue(forKey: delivered)!
            bytesInFlight -= sizes.removeValue(forKey: delivered) ?? 0
            delivered += 1
            condition.broadcast()
            return result
        }
    }
}

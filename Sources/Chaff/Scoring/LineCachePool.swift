import Synchronization

/// Line caches for tasks that come and go: a task takes one while it scores
/// and gives it back, so that the next task goes on from what it held.
///
/// A ``PageScorer/LineCache`` belongs to one task at a time. Where tasks are
/// short-lived (one per fetched page, one per batch of records), a pool keeps
/// the caches between them; it holds at most as many as were ever in use at
/// once.
///
/// ```swift
/// let caches = LineCachePool()
/// // in each fetch task:
/// let report = caches.withCache { scorer.score(httpBody: body, contentType: type, url: url, cache: &$0) }
/// ```
public final class LineCachePool: Sendable {
    /// The caches not in use.
    private let idle = Mutex<[PageScorer.LineCache]>([])

    /// The ``PageScorer/LineCache/byteLimit`` of each cache the pool makes.
    public let byteLimit: Int

    /// Creates an empty pool, whose caches take at most `byteLimit` bytes each.
    public init(byteLimit: Int = PageScorer.LineCache.defaultByteLimit) {
        self.byteLimit = byteLimit
    }

    /// Calls `body` with a cache no other task is using, and keeps it for the
    /// next call when `body` returns.
    public func withCache<Result>(_ body: (inout PageScorer.LineCache) throws -> Result) rethrows -> Result {
        // Taken out of the array, so that writing to it copies nothing.
        var cache = idle.withLock { $0.popLast() } ?? PageScorer.LineCache(byteLimit: byteLimit)
        defer { idle.withLock { [cache] in $0.append(cache) } }
        return try body(&cache)
    }

    /// The number of caches not in use.
    public var idleCount: Int { idle.withLock { $0.count } }

    /// The smallest limit among the caches not in use: less than
    /// ``byteLimit`` when the system would not give a cache the room its
    /// limit needs (``PageScorer/LineCache/byteLimit``); nil when the pool
    /// holds none.
    public var smallestIdleLimit: Int? { idle.withLock { $0.map(\.byteLimit).min() } }
}

import Dispatch
import Synchronization

extension ModelTrainer {
    /// Adds `pages` on up to `jobs` threads; the model is byte-identical to
    /// the one adding them one by one gives.
    ///
    /// The pages are cut into `jobs` runs of consecutive pages with about
    /// the same amount of text. This trainer counts the first run on this
    /// thread; each other run is counted on a thread of its own by a trainer
    /// of its own (the same configuration, parameters, sample capacity and
    /// line cache limit as this one), merged into this one in order. Each of
    /// those keeps counts and a line cache of its own, so memory grows with `jobs`.
    /// Every trainer adds its repeated lines' tallies and orders its sample
    /// on its own thread before the merge, which is left to merge counts and
    /// the samples' kept lines.
    ///
    /// - Parameters:
    ///   - pages: the pages, in the order they would be added one by one.
    ///   - jobs: the most threads to use; 1 adds the pages on this thread.
    ///   - progress: called on this thread now and then, with the pages and
    ///     bytes of line text (a newline counted per line) added so far.
    public mutating func add(_ pages: [LabeledPage], jobs: Int, progress: ((_ pages: Int, _ bytes: Int) -> Void)? = nil) {
        let runs = Self.runs(of: pages, count: max(1, min(jobs, pages.count)))
        guard runs.count > 1 else {
            var bytes = 0
            for (index, page) in pages.enumerated() {
                add(page)
                bytes += page.textBytes
                progress?(index + 1, bytes)
            }
            return
        }
        let template = ModelTrainer(
            configuration: configuration, parameters: parameters, sampleCapacity: sample.capacity,
            lineCacheBytes: lineCache.byteLimit)
        let board = ShardBoard(shards: runs.count)
        let group = DispatchGroup()
        for run in 1..<runs.count {
            DispatchQueue.global().async(group: group) {
                var shard = template
                for page in pages[runs[run]] {
                    shard.add(page)
                    board.count(page)
                }
                shard.prepareForMerge()
                board.shards.withLock { $0[run] = shard }
            }
        }
        // The first run into this trainer, on this thread, which alone calls
        // `progress`: the others are merged into it, so that none is copied.
        let report = { () -> Void in progress?(board.pages.load(ordering: .relaxed), board.bytes.load(ordering: .relaxed)) }
        for page in pages[runs[0]] {
            add(page)
            board.count(page)
            report()
        }
        prepareForMerge()
        while group.wait(timeout: .now() + .milliseconds(100)) == .timedOut { report() }
        for shard in board.shards.withLock({ $0 }) {
            if let shard { merge(shard) }
        }
        report()
    }

    /// `pages`' indices cut into at most `count` runs of consecutive pages
    /// with about the same number of text bytes each; no run is empty.
    static func runs(of pages: [LabeledPage], count: Int) -> [Range<Int>] {
        let total = pages.reduce(0) { $0 + $1.textBytes }
        var runs: [Range<Int>] = []
        var start = 0
        var bytes = 0
        for (index, page) in pages.enumerated() {
            bytes += page.textBytes
            // This run ends once the runs so far hold their share of the bytes.
            if runs.count < count - 1 && bytes * count >= total * (runs.count + 1) {
                runs.append(start..<(index + 1))
                start = index + 1
            }
        }
        if start < pages.count { runs.append(start..<pages.count) }
        return runs
    }
}

/// What the threads of ``ModelTrainer/add(_:jobs:progress:)`` share: each
/// later run's trainer once counted, and the pages and bytes counted so far.
private final class ShardBoard: Sendable {
    let shards: Mutex<[ModelTrainer?]>
    let pages = Atomic(0)
    let bytes = Atomic(0)

    init(shards: Int) {
        self.shards = Mutex([ModelTrainer?](repeating: nil, count: shards))
    }

    /// Counts `page` as added.
    func count(_ page: LabeledPage) {
        pages.add(1, ordering: .relaxed)
        bytes.add(page.textBytes, ordering: .relaxed)
    }
}

extension LabeledPage {
    /// The bytes of the page's lines, a newline counted after each.
    var textBytes: Int { lines.reduce(0) { $0 + $1.utf8.count + 1 } }
}

/// Turns line probabilities into injected blocks: runs of flagged lines,
/// smoothed across neighbours.
///
/// Three rules act on the raw threshold decisions, in this order:
/// - **gap filling**: a line between two flagged lines (empty lines aside) is
///   flagged when it is short or itself suspicious, so a keyword block with one
///   short or odd line in it stays one block;
/// - **isolation**: a short line flagged alone is dropped unless its score is
///   very high, so one odd item in a menu or headline list ("TV", "Köln") does
///   not become a block; injected keywords come in blocks or long lines.
public struct BlockDetector: Sendable {
    /// Lines at or above this probability are flagged before smoothing.
    public var threshold: Double
    /// A line between flagged lines joins them when at most this many scalars long…
    public var gapMaximumLength = 16
    /// …or when its own probability is at least this share of the threshold.
    public var gapScoreShare = 0.3
    /// A lone flagged line shorter than this many scalars…
    public var isolatedMaximumLength = 24
    /// …is dropped unless its probability reaches this. Measured on the real
    /// pages of `../shared/devset/html/`: with lone short lines kept when their
    /// neighbours looked legit, 4.1% of clean pages had a false alarm; without, 1.5%.
    public var isolatedMinimumScore = 0.999
    /// A block grows into an adjacent line whose probability is at least this
    /// share of the threshold. Chosen by 5-fold cross-validation on
    /// `TrainingData/` (line F1 0.968 without extension; 0.974, 0.979 and 0.980
    /// with shares 0.4, 0.2 and 0.1; 0.978 with 0.04).
    public var extensionScoreShare = 0.1

    /// Creates a detector with the given threshold and default smoothing.
    public init(threshold: Double) {
        self.threshold = threshold
    }

    /// The injected flags and blocks of a page.
    ///
    /// - Parameters:
    ///   - probabilities: one calibrated probability per line.
    ///   - lengths: normalised length per line; 0 marks an empty line, never
    ///     injected, and so does a line past the end of `lengths`.
    /// - Returns: flags per line, and blocks as ranges of line indices whose first
    ///   and last lines are flagged (empty lines inside a block stay unflagged).
    public func detect(probabilities: [Double], lengths: [Int]) -> (flags: [Bool], blocks: [ClosedRange<Int>]) {
        var flags = [Bool](repeating: false, count: probabilities.count)
        var blocks: [ClosedRange<Int>] = []
        // Through buffers, without a closure or an optional per line: the
        // array-at-a-time form (maps, filters, optional neighbours) took 1.7%
        // of scoring's instructions, for pages of a few dozen lines.
        probabilities.withUnsafeBufferPointer { probabilities in
            lengths.withUnsafeBufferPointer { lengths in
                flags.withUnsafeMutableBufferPointer { flags in
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: probabilities.count) { nonEmpty in
                        var count = 0
                        // A line without a length counts as empty.
                        for index in 0..<min(probabilities.count, lengths.count) where lengths[index] > 0 {
                            nonEmpty[count] = index
                            count += 1
                        }
                        let lines = UnsafeBufferPointer(rebasing: nonEmpty[0..<count])
                        smooth(flags, lines: lines, probabilities: probabilities, lengths: lengths)
                        blocks = Self.blocks(of: UnsafeBufferPointer(flags), lines: lines)
                    }
                }
            }
        }
        return (flags, blocks)
    }

    /// Flags the non-empty `lines` by the threshold, then applies gap filling,
    /// isolation and extension, in that order.
    private func smooth(
        _ flags: UnsafeMutableBufferPointer<Bool>, lines: UnsafeBufferPointer<Int>,
        probabilities: UnsafeBufferPointer<Double>, lengths: UnsafeBufferPointer<Int>
    ) {
        let count = lines.count
        guard count > 0 else { return }
        for index in lines { flags[index] = probabilities[index] >= threshold }

        // Gap filling. It reads the flags as it fills them and cannot
        // cascade: a line filled here had flagged lines on both sides, so the
        // line after it was flagged already and is no gap.
        if count >= 3 {
            for position in 1..<(count - 1) {
                let index = lines[position]
                if !flags[index] && flags[lines[position - 1]] && flags[lines[position + 1]]
                    && (lengths[index] <= gapMaximumLength || probabilities[index] >= threshold * gapScoreShare) {
                    flags[index] = true
                }
            }
        }

        // Isolation, on the flags after gap filling: a line dropped here
        // leaves its neighbours' tests unchanged, since a flagged neighbour
        // would not have left it alone.
        for position in 0..<count where flags[lines[position]] {
            let index = lines[position]
            let previous = position > 0 && flags[lines[position - 1]]
            let next = position + 1 < count && flags[lines[position + 1]]
            if !previous && !next && lengths[index] < isolatedMaximumLength && probabilities[index] < isolatedMinimumScore {
                flags[index] = false
            }
        }

        // Extension: a forward sweep grows blocks downwards, a backward sweep
        // upwards; together they reach every line a chain of eligible lines
        // connects to a block, in linear time.
        let extensionScore = threshold * extensionScoreShare
        var previousFlagged = false
        for index in lines {
            if !flags[index] && previousFlagged && probabilities[index] >= extensionScore { flags[index] = true }
            previousFlagged = flags[index]
        }
        previousFlagged = false
        for index in lines.reversed() {
            if !flags[index] && previousFlagged && probabilities[index] >= extensionScore { flags[index] = true }
            previousFlagged = flags[index]
        }
    }

    /// The runs of flagged lines among the non-empty `lines`, as ranges from
    /// their first to their last flagged line.
    private static func blocks(of flags: UnsafeBufferPointer<Bool>, lines: UnsafeBufferPointer<Int>) -> [ClosedRange<Int>] {
        var blocks: [ClosedRange<Int>] = []
        var start = -1
        var last = 0
        for index in lines {
            if flags[index] {
                if start < 0 { start = index }
                last = index
            } else if start >= 0 {
                blocks.append(start...last)
                start = -1
            }
        }
        if start >= 0 { blocks.append(start...last) }
        return blocks
    }
}

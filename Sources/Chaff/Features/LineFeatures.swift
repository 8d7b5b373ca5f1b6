/// The features of one line, as keys into the model's tables.
public struct LineFeatures: Sendable, Equatable {
    /// Character and word n-gram keys, sorted, duplicates kept (keyword density
    /// counts repeats; naive Bayes counts each distinct key once).
    public var ngramKeys: [UInt32] = []
    /// Line-structure keys (``ShapeToken``).
    public var shapeKeys: [UInt32] = []
    /// Page-context keys (``ContextToken``).
    public var contextKeys: [UInt32] = []
    /// The measurements the structure keys came from.
    public var statistics = LineStatistics()

    /// Creates empty features (an empty line).
    public init() {}

    /// Whether the line was empty after normalisation; empty lines are never injected.
    public var isEmpty: Bool { statistics.length == 0 }

    /// Calls `body` once per distinct n-gram key with its number of occurrences.
    @inlinable
    public func forEachDistinctNGram(_ body: (_ key: UInt32, _ occurrences: Int) -> Void) {
        var i = 0
        let keys = ngramKeys
        while i < keys.count {
            var j = i + 1
            while j < keys.count && keys[j] == keys[i] { j += 1 }
            body(keys[i], j - i)
            i = j
        }
    }
}

/// The features of every line of a page, in page order.
public struct PageFeatures: Sendable, Equatable {
    /// One entry per input line.
    public var lines: [LineFeatures]

    /// Creates page features from line features.
    public init(lines: [LineFeatures]) {
        self.lines = lines
    }
}

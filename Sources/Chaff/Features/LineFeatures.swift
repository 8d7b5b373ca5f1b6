/// The features of one line, as keys into the model's tables.
public struct LineFeatures: Sendable, Equatable {
    /// Distinct character and word n-gram keys, in order of first occurrence.
    public var ngramKeys: [UInt32] = []
    /// How often each of ``ngramKeys`` occurs in the line (keyword density
    /// counts repeats; naive Bayes counts each distinct key once).
    public var ngramCounts: [UInt16] = []
    /// Line-structure keys (``ShapeToken``).
    public var shapeKeys: [UInt32] = []
    /// Page-context keys (``ContextToken``).
    public var contextKeys: [UInt32] = []
    /// HTML markup keys (``MarkupToken``); empty for plain text.
    public var markupKeys: [UInt32] = []
    /// The measurements the structure keys came from.
    public var statistics = LineStatistics()

    /// Creates empty features (an empty line).
    public init() {}

    /// Whether the line was empty after normalisation; empty lines are never injected.
    public var isEmpty: Bool { statistics.length == 0 }

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

/// Reusable raw memory for one normalised line at a time: the page scan's
/// form of ``NormalizedLine``, with no per-line array resizing or clearing.
///
/// Non-copyable: it owns its memory and frees it when it goes out of scope.
/// It grows to the longest line seen, which ``TextLimits/maximumLineBytes`` bounds.
struct NormalizedLineBuffer: ~Copyable {
    private var scalars: UnsafeMutablePointer<UInt32>
    private var classes: UnsafeMutablePointer<ScriptClass>
    private var capacity: Int
    /// Scalars in the current line.
    private(set) var count = 0
    /// Runs of two or more spaces collapsed in the current line.
    private(set) var wideGaps = 0

    /// Creates a buffer with room for lines of `capacity` bytes before it grows.
    init(capacity: Int = 4096) {
        self.capacity = capacity
        scalars = .allocate(capacity: capacity)
        classes = .allocate(capacity: capacity)
    }

    deinit {
        scalars.deallocate()
        classes.deallocate()
    }

    /// Replaces the current line with the normalised form of `bytes`.
    mutating func normalize(_ bytes: UnsafeBufferPointer<UInt8>, with normalizer: TextNormalizer) {
        if bytes.count > capacity {
            scalars.deallocate()
            classes.deallocate()
            capacity = max(bytes.count, capacity * 2)
            scalars = .allocate(capacity: capacity)
            classes = .allocate(capacity: capacity)
        }
        (count, wideGaps) = normalizer.normalize(utf8: bytes, scalars: scalars, classes: classes)
    }

    /// The current line's scalars and their classes, valid until the next ``normalize(_:with:)``.
    var line: (scalars: UnsafeBufferPointer<UInt32>, classes: UnsafeBufferPointer<ScriptClass>) {
        (UnsafeBufferPointer(start: scalars, count: count), UnsafeBufferPointer(start: classes, count: count))
    }
}

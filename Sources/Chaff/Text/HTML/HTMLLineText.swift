/// The text of one ``HTMLLine``: a range of UTF-8 bytes in a buffer that all
/// the lines read from one page share.
///
/// Reading a page builds no `String` per line (each cost a UTF-8 validation,
/// a copy and an allocation), and scoring reads the bytes where they lie:
/// 3.1% fewer instructions reading HTML, 2.2% fewer for the whole of
/// `PageScorer.score(html:)`. ``HTMLLine/text`` makes a `String` when asked.
/// Lines compare and hash by their text, not by where it is stored.
///
/// A line keeps its page's whole buffer alive: a caller that keeps a few lines
/// of many pages should keep their `text` instead.
struct HTMLLineText: Sendable {
    /// The bytes of a page's lines, one after another (no separators), in
    /// memory it owns.
    ///
    /// Written by the reading session that creates it, and only before any
    /// line that refers to it is returned; never changed after that. That is
    /// what makes sharing it between threads safe. The session appends through
    /// a pointer: `Array.append(contentsOf:)` cost about 130 instructions a
    /// run of text (1.5% of reading's instructions).
    final class Storage: @unchecked Sendable {
        private var base: UnsafeMutablePointer<UInt8>
        private var capacity: Int
        /// How many bytes were written.
        private(set) var count = 0

        /// Empty, with room for `capacity` bytes before it grows.
        init(capacity: Int = 16) {
            self.capacity = max(capacity, 16)
            base = .allocate(capacity: self.capacity)
        }

        /// Holding `utf8`.
        convenience init(_ utf8: UnsafeBufferPointer<UInt8>) {
            self.init(capacity: utf8.count)
            append(utf8)
        }

        deinit { base.deallocate() }

        /// The bytes written so far.
        var utf8: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

        /// Appends one byte; see the type's note on when.
        @inline(__always)
        func append(_ byte: UInt8) {
            if count == capacity { grow(to: count + 1) }
            base[count] = byte
            count &+= 1
        }

        /// Appends `bytes`; see the type's note on when.
        @inline(__always)
        func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let source = bytes.baseAddress else { return }
            if capacity - count < bytes.count { grow(to: count + bytes.count) }
            (base + count).initialize(from: source, count: bytes.count)
            count &+= bytes.count
        }

        /// Appends the UTF-8 form of the Unicode scalar value `scalar`.
        func append(scalar: UInt32) {
            HTMLEntities.forEachUTF8Byte(of: scalar) { append($0) }
        }

        /// At least doubles the room, to at least `needed` bytes.
        @inline(never)
        private func grow(to needed: Int) {
            let grown = max(needed, 2 * capacity)
            let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            moved.moveInitialize(from: base, count: count)
            base.deallocate()
            base = moved
            capacity = grown
        }
    }

    private let storage: Storage
    private let range: Range<Int>

    /// The text `range` of `storage`.
    init(_ storage: Storage, _ range: Range<Int>) {
        self.storage = storage
        self.range = range
    }

    /// A text stored on its own.
    init(_ text: String) {
        var text = text
        let storage = text.withUTF8 { Storage($0) }
        self.init(storage, 0..<storage.count)
    }

    /// Calls `body` with the text's UTF-8 bytes.
    func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(rebasing: storage.utf8[range]))
    }

    /// The text as a string (invalid UTF-8, which the reader never writes,
    /// would become U+FFFD).
    var string: String {
        withUTF8 { String(decoding: $0, as: UTF8.self) }
    }
}

extension HTMLLineText: Hashable {
    static func == (first: HTMLLineText, second: HTMLLineText) -> Bool {
        first.withUTF8 { a in second.withUTF8 { b in a.elementsEqual(b) } }
    }

    func hash(into hasher: inout Hasher) {
        withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension HTMLLineText: CustomDebugStringConvertible {
    /// The text, quoted: what a line shows in test failures and debuggers.
    var debugDescription: String { string.debugDescription }
}

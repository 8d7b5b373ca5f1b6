/// The input bytes of a reading session and the helpers that only read them.
///
/// Kept apart from ``HTMLReadingSession`` on purpose: calling a non-mutating
/// method of the session from one of its mutating methods copies the whole
/// session (retaining every array in it and defeating copy-on-write uniqueness),
/// while a call on this one-pointer struct costs nothing.
struct HTMLSourceBytes {
    /// The page, UTF-8.
    let bytes: UnsafeBufferPointer<UInt8>

    /// Entity-decoded, whitespace-collapsed text of `range`, and the offset of its
    /// first character.
    ///
    /// - Complexity: O(n); ordinary text is copied in runs (``TextRun``).
    func collapsedText(_ range: Range<Int>, inAttribute: Bool) -> (text: String, firstOffset: Int) {
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var space = false
        var firstOffset = range.lowerBound
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let byte = bytes[index]
            if byte == HTMLBytes.ampersand,
               let decoded = HTMLEntities.decode(bytes, at: index, end: end, inAttribute: inAttribute) {
                let scalar = decoded.scalar
                if scalar == 0xA0 || scalar == 0x20 || scalar == 0x09 || scalar == 0x0A || scalar == 0x0D {
                    space = !output.isEmpty
                } else {
                    if output.isEmpty { firstOffset = index }
                    if space {
                        output.append(HTMLBytes.space)
                        space = false
                    }
                    HTMLEntities.appendUTF8(scalar, to: &output)
                }
                index += decoded.length
                continue
            }
            // Whitespace, including U+00A0 NO-BREAK SPACE written raw.
            if HTMLBytes.isWhitespace(byte) || (byte == 0xC2 && index + 1 < end && bytes[index + 1] == 0xA0) {
                space = !output.isEmpty
                index += byte == 0xC2 ? 2 : 1
                continue
            }
            if byte == 0 {
                index += 1
                continue
            }
            if output.isEmpty { firstOffset = index }
            if space {
                output.append(HTMLBytes.space)
                space = false
            }
            let runEnd = TextRun.end(in: bytes, from: index + 1, to: end)
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<runEnd]))
            index = runEnd
        }
        return (String(decoding: output, as: UTF8.self), firstOffset)
    }

    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, HTMLBytes.isWhitespace(bytes[lower]) { lower += 1 }
        while upper > lower, HTMLBytes.isWhitespace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// The class names of a `class` attribute, as ranges of the source, each
    /// capped at ``ClassNames/maxLength`` bytes.
    func classNames(_ range: Range<Int>) -> ClassNames {
        ClassNames(bytes: bytes, range: range)
    }

    /// The whitespace-separated names of a `class` attribute; iterating allocates nothing.
    struct ClassNames: Sequence, IteratorProtocol {
        /// Longer names are cut to their first this many bytes.
        static let maxLength = 48

        let bytes: UnsafeBufferPointer<UInt8>
        private var index: Int
        private let end: Int

        init(bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
            self.bytes = bytes
            index = range.lowerBound
            end = range.upperBound
        }

        mutating func next() -> Range<Int>? {
            while index < end, HTMLBytes.isWhitespace(bytes[index]) { index += 1 }
            let start = index
            // Eight bytes at a time while none is below 0x21, as every
            // whitespace byte is ("has a byte less than n": exact about
            // whether there is one); then byte by byte to the name's end.
            let ones: UInt64 = 0x0101_0101_0101_0101
            while index &+ 8 <= end {
                let word = UInt64(littleEndian: UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: index, as: UInt64.self))
                if (word &- 0x21 &* ones) & ~word & (0x80 &* ones) != 0 { break }
                index &+= 8
            }
            while index < end, !HTMLBytes.isWhitespace(bytes[index]) { index += 1 }
            guard index > start else { return nil }
            return start..<Swift.min(index, start + ClassNames.maxLength)
        }
    }

    /// The most bytes ``writePathSegment(of:to:)`` writes: a name of 32, an
    /// id of 48 after `#` and two classes of 48 after `.`.
    static let maxPathSegment = 32 + 1 + 48 + 2 * (1 + ClassNames.maxLength)

    /// Writes how an element appears in a tag path, `name#id.class1.class2`
    /// (name lower-cased, at most 32 bytes; id and classes at most 48 bytes
    /// each), to `output`, which has room for ``maxPathSegment`` bytes, and
    /// returns how many it wrote.
    ///
    /// The name comes from the source for every element: a known element's
    /// name matched its table name ignoring ASCII case, so lower-cased it is
    /// that name. Written through a pointer: appending each part to an array
    /// cost about a hundred instructions a part.
    func writePathSegment(of element: HTMLOpenElement, to output: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 0
        for index in element.name.prefix(32) {
            output[count] = HTMLBytes.lowercased(bytes[index])
            count &+= 1
        }
        func write(_ mark: UInt8, _ range: Range<Int>) {
            output[count] = mark
            (output + count + 1).update(from: bytes.baseAddress! + range.lowerBound, count: range.count)
            count &+= 1 &+ range.count
        }
        let id = trimmed(element.id)
        if !id.isEmpty { write(UInt8(ascii: "#"), id.prefix(48)) }
        for className in classNames(element.classes).prefix(2) { write(UInt8(ascii: "."), className) }
        return count
    }
}

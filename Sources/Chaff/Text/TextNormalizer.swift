import CChaffSupport

/// A line after normalisation: the scalar values the features are computed from.
///
/// Kept as a reusable buffer so that scoring a page allocates once, not per line.
public struct NormalizedLine: Sendable {
    /// The normalised Unicode scalar values.
    public var scalars: [UInt32] = []
    /// The class of each scalar (`classes[i]` is `ScriptClass.of(scalars[i])`),
    /// found while normalising so that no later pass classifies again.
    public var classes: [ScriptClass] = []
    /// How many runs of two or more spaces the raw line had before collapsing:
    /// wide gaps are how some keyword blocks separate their titles.
    public var wideGapCount = 0

    /// Creates an empty line buffer.
    public init() {}

    /// Whether nothing is left after normalisation.
    public var isEmpty: Bool { scalars.isEmpty }
}

/// Folds the many spellings of the same text into one before features are taken.
///
/// Applied in one pass over the UTF-8 bytes of a line:
/// - invalid UTF-8 becomes U+FFFD;
/// - full-width ASCII (`ＡＢＣ１２３`) becomes ASCII, the ideographic space a space;
/// - Latin, Greek and Cyrillic letters are lower-cased;
/// - zero-width characters, soft hyphens, BOMs and control characters are removed;
/// - every run of Unicode whitespace becomes one space, and the line is trimmed.
public struct TextNormalizer: Sendable {
    /// Creates a normaliser.
    public init() {}

    /// Normalises `line` into `output`, replacing its previous contents.
    ///
    /// Only the first ``TextLimits/maximumLineBytes`` bytes of a longer line are
    /// read, so one enormous line costs bounded memory and time wherever it
    /// comes from.
    public func normalize(_ line: String, into output: inout NormalizedLine) {
        var line = line
        line.withUTF8 { normalize(lineUTF8: $0, into: &output) }
    }

    /// ``normalize(_:into:)`` for a line given as UTF-8 bytes: only its first
    /// ``TextLimits/maximumLineBytes`` bytes (cut at a scalar boundary) are read.
    public func normalize(lineUTF8 bytes: UnsafeBufferPointer<UInt8>, into output: inout NormalizedLine) {
        normalize(utf8: TextLimits.linePrefix(of: bytes), into: &output)
    }

    /// Normalises UTF-8 bytes into `output`, replacing its previous contents.
    ///
    /// - Complexity: O(*n*) in the number of bytes.
    public func normalize(utf8 bytes: UnsafeBufferPointer<UInt8>, into output: inout NormalizedLine) {
        let count = bytes.count
        output.wideGapCount = 0
        // At most one scalar per byte: size the buffers once, fill them through
        // pointers, then trim them to what was written.
        output.scalars.removeAll(keepingCapacity: true)
        output.classes.removeAll(keepingCapacity: true)
        guard count > 0 else { return }  // an empty array may have no storage to point at
        output.scalars.append(contentsOf: repeatElement(0, count: count))
        output.classes.append(contentsOf: repeatElement(.space, count: count))
        let (written, wideGaps) = output.scalars.withUnsafeMutableBufferPointer { scalars in
            output.classes.withUnsafeMutableBufferPointer { classes in
                normalize(utf8: bytes, scalars: scalars.baseAddress!, classes: classes.baseAddress!)
            }
        }
        output.scalars.removeSubrange(written...)
        output.classes.removeSubrange(written...)
        output.wideGapCount = wideGaps
    }

    /// Normalises UTF-8 bytes into raw memory with room for `bytes.count`
    /// scalars and classes: the form for callers that keep their own buffers.
    ///
    /// - Returns: the number of scalars written, and how many runs of two or
    ///   more spaces were collapsed (see ``NormalizedLine/wideGapCount``).
    public func normalize(
        utf8 bytes: UnsafeBufferPointer<UInt8>, scalars out: UnsafeMutablePointer<UInt32>,
        classes: UnsafeMutablePointer<ScriptClass>
    ) -> (count: Int, wideGaps: Int) {
        // The ASCII tables through pointers taken once: a global read in the
        // loop would check its lazy initialisation on every byte.
        Self.asciiFolds.withUnsafeBufferPointer { folds in
            Self.asciiClasses.withUnsafeBufferPointer { asciiClasses in
                normalize(utf8: bytes, scalars: out, classes: classes, asciiFolds: folds, asciiClasses: asciiClasses)
            }
        }
    }

    /// ``foldASCII(_:)`` of every ASCII byte.
    static let asciiFolds: [UInt8] = (0..<128).map { UInt8(truncatingIfNeeded: foldASCII(UInt8($0))) }
    /// The class of every folded ASCII byte (``ScriptClass/ascii(_:)``).
    static let asciiClasses: [ScriptClass] = (0..<128).map { ScriptClass.ascii(UInt8($0)) }

    private func normalize(
        utf8 bytes: UnsafeBufferPointer<UInt8>, scalars out: UnsafeMutablePointer<UInt32>,
        classes: UnsafeMutablePointer<ScriptClass>, asciiFolds: UnsafeBufferPointer<UInt8>,
        asciiClasses: UnsafeBufferPointer<ScriptClass>
    ) -> (count: Int, wideGaps: Int) {
        let count = bytes.count
        var written = 0
        var wideGaps = 0
        var pendingSpaces = 0
        var index = 0
        guard let start = bytes.baseAddress else { return (0, 0) }
        // Indices and counts wrap (`&+=`): none can exceed the number of bytes.
        while index < count {
            let byte = bytes[index]
            let value: UInt32
            let cls: ScriptClass
            if byte < 0x80 {
                // Plain words and single spaces sixteen bytes at a time: one
                // scalar a byte, nothing removed or collapsed, up to where
                // that stops (see `chaff_ascii_word_run`). Tried only from a
                // letter or digit, or a space after written text: from a byte
                // that cannot start such a run, trying cost more than reading
                // it. The 16 scalars it writes fit: `written` never passes
                // `index`, and the buffers have room for `count`.
                if pendingSpaces == 0 && index &+ 16 <= count {
                    // An ASCII byte's word classes are its letters and digits.
                    if asciiClasses[Int(byte)].isWordCharacter || byte == 0x20 && written > 0 {
                        let run = chaff_ascii_word_run(
                            start + index, out + written, UnsafeMutableRawPointer(classes + written),
                            ScriptClass.latin.rawValue, ScriptClass.digit.rawValue, ScriptClass.space.rawValue)
                        if run > 0 {
                            index &+= run
                            written &+= run
                            continue
                        }
                    }
                }
                // Two table look-ups instead of a chain of comparisons, whose
                // branches went wrong wherever letters, digits and punctuation mix.
                let folded = asciiFolds[Int(byte)]
                index &+= 1
                if folded == 0 { continue }  // removed
                if folded == 0x20 {
                    pendingSpaces &+= 1
                    continue
                }
                value = UInt32(folded)
                cls = asciiClasses[Int(folded)]
            } else {
                // Two Han characters at a time, from one eight-byte read: most
                // of the scalars of Chinese and Japanese text are in the common
                // CJK block (U+4E00–U+9FFF), three bytes each, class Han, and
                // fold to themselves. The first alone when the second is not
                // one; anything else (and a pending space) goes the long way.
                if pendingSpaces == 0 && index &+ 8 <= count && byte & 0xF0 == 0xE0 {
                    let word = UInt64(littleEndian: UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self))
                    // Two three-byte sequences: a 1110xxxx lead and two 10xxxxxx each.
                    if word & 0x0000_C0C0_F0C0_C0F0 == 0x0000_8080_E080_80E0 {
                        let first = Self.decodeThreeBytes(word)
                        if first &- 0x4E00 < 0x5200 {
                            out[written] = first
                            classes[written] = .han
                            written &+= 1
                            let second = Self.decodeThreeBytes(word >> 24)
                            if second &- 0x4E00 < 0x5200 {
                                out[written] = second
                                classes[written] = .han
                                written &+= 1
                                index &+= 6
                            } else {
                                index &+= 3
                            }
                            continue
                        }
                    }
                }
                var decoded: UInt32
                // Three-byte sequences (all of CJK) decoded inline, without
                // decodeScalar's bounds test per continuation byte.
                if byte & 0xF0 == 0xE0 && index &+ 2 < count
                    && bytes[index &+ 1] & 0xC0 == 0x80 && bytes[index &+ 2] & 0xC0 == 0x80 {
                    decoded = UInt32(byte & 0x0F) << 12 | UInt32(bytes[index &+ 1] & 0x3F) << 6 | UInt32(bytes[index &+ 2] & 0x3F)
                    if decoded >= 0x800 && (decoded < 0xD800 || decoded > 0xDFFF) {
                        index &+= 3
                    } else {
                        decoded = 0xFFFD
                        index &+= 1
                    }
                } else {
                    let length: Int
                    (decoded, length) = Self.decodeScalar(bytes, at: index)
                    index &+= length
                }
                if decoded > 0x3000 && decoded < 0xFEFF {
                    // CJK, kana and Hangul fold to themselves (see fold); the common
                    // CJK block, most scalars of Chinese and Japanese text, is Han.
                    value = decoded
                    cls = decoded >= 0x4E00 && decoded <= 0x9FFF ? .han : ScriptClass.of(decoded)
                } else if decoded >= 0x430 && decoded <= 0x52F {
                    // Lower-case Cyrillic and its supplement fold to themselves.
                    value = decoded
                    cls = .cyrillic
                } else {
                    value = Self.fold(decoded)
                    if value == 0 { continue }  // removed
                    if value == 0x20 {
                        pendingSpaces &+= 1
                        continue
                    }
                    cls = ScriptClass.of(value)  // classes ASCII (full-width forms folded) itself
                }
            }
            if pendingSpaces > 0 {
                if written > 0 {
                    out[written] = 0x20
                    classes[written] = .space
                    written &+= 1
                    if pendingSpaces >= 2 { wideGaps &+= 1 }
                }
                pendingSpaces = 0
            }
            out[written] = value
            classes[written] = cls
            written &+= 1
        }
        return (written, wideGaps)
    }


    /// The scalar of the three-byte sequence in the low three bytes of `word`
    /// (first byte lowest), whose lead and continuation bits the caller checked.
    @inline(__always)
    static func decodeThreeBytes(_ word: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: (word & 0x0F) << 12 | (word >> 2) & 0xFC0 | (word >> 16) & 0x3F)
    }

    /// Decodes one scalar at `index`, returning U+FFFD and a length of 1 for any
    /// invalid, overlong, surrogate or truncated sequence.
    @inline(__always)
    static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let b0 = UInt32(bytes[index])
        if b0 < 0x80 { return (b0, 1) }
        let count = bytes.count
        @inline(__always) func continuation(_ offset: Int) -> UInt32? {
            let position = index + offset
            guard position < count else { return nil }
            let byte = bytes[position]
            return byte & 0xC0 == 0x80 ? UInt32(byte & 0x3F) : nil
        }
        if b0 & 0xE0 == 0xC0 {
            guard let b1 = continuation(1) else { return (0xFFFD, 1) }
            let value = (b0 & 0x1F) << 6 | b1
            return value >= 0x80 ? (value, 2) : (0xFFFD, 1)
        }
        if b0 & 0xF0 == 0xE0 {
            guard let b1 = continuation(1), let b2 = continuation(2) else { return (0xFFFD, 1) }
            let value = (b0 & 0x0F) << 12 | b1 << 6 | b2
            return value >= 0x800 && !(0xD800...0xDFFF).contains(value) ? (value, 3) : (0xFFFD, 1)
        }
        if b0 & 0xF8 == 0xF0 {
            guard let b1 = continuation(1), let b2 = continuation(2), let b3 = continuation(3) else {
                return (0xFFFD, 1)
            }
            let value = (b0 & 0x07) << 18 | b1 << 12 | b2 << 6 | b3
            return (0x10000...0x10FFFF).contains(value) ? (value, 4) : (0xFFFD, 1)
        }
        return (0xFFFD, 1)
    }

    /// ``fold(_:)`` for an ASCII byte: lower case, tab to space, controls removed (0).
    @inline(__always)
    static func foldASCII(_ byte: UInt8) -> UInt32 {
        if byte >= 0x41 && byte <= 0x5A { return UInt32(byte) + 0x20 }
        if byte == 0x09 { return 0x20 }
        if byte < 0x20 || byte == 0x7F { return 0 }
        return UInt32(byte)
    }

    /// The folded form of one scalar: 0 when it is removed, 0x20 for any space.
    @inline(__always)
    static func fold(_ value: UInt32) -> UInt32 {
        if value < 0x80 { return foldASCII(UInt8(truncatingIfNeeded: value)) }
        // CJK, kana and Hangul (U+3001 to U+FEFE) fold to themselves: most
        // scalars of Chinese, Japanese and Korean pages skip the cases below.
        if value > 0x3000 && value < 0xFEFF { return value }
        switch value {
        case 0xFF01...0xFF5E:  // full-width ASCII (not a recursive call, so that fold inlines)
            return foldASCII(UInt8(truncatingIfNeeded: value - 0xFEE0))
        case 0x3000, 0x00A0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F:
            return 0x20
        case 0x0080...0x009F, 0x00AD, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0xFEFF:
            return 0
        case 0x00C0...0x00DE where value != 0x00D7:
            return value + 0x20
        case 0x0100...0x0137 where value & 1 == 0, 0x014A...0x0177 where value & 1 == 0:
            return value == 0x0130 ? 0x69 : value + 1
        case 0x0139...0x0148 where value & 1 == 1, 0x0179...0x017E where value & 1 == 1:
            return value + 1
        case 0x0391...0x03AB where value != 0x03A2:
            return value + 0x20
        case 0x0410...0x042F:
            return value + 0x20
        case 0x0400...0x040F:
            return value + 0x50
        default:
            return value
        }
    }
}

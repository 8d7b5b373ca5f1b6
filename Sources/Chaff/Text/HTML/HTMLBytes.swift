import CChaffSupport
import Glibc

/// Byte classification helpers shared by the HTML tokenizer, the reader and the
/// charset sniffer. Everything here is ASCII-only and branch-light; bytes ≥ 0x80
/// are never whitespace, letters or digits.
enum HTMLBytes {
    static let lessThan = UInt8(ascii: "<")
    static let greaterThan = UInt8(ascii: ">")
    static let slash = UInt8(ascii: "/")
    static let equals = UInt8(ascii: "=")
    static let ampersand = UInt8(ascii: "&")
    static let semicolon = UInt8(ascii: ";")
    static let doubleQuote = UInt8(ascii: "\"")
    static let singleQuote = UInt8(ascii: "'")
    static let space = UInt8(ascii: " ")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    /// HTML whitespace: space, tab, LF, FF, CR.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        // Bits 0x09, 0x0A, 0x0C, 0x0D and 0x20 of one mask: a shift, not five compares.
        byte <= 0x20 && (0x1_0000_3600 as UInt64) >> UInt64(byte) & 1 != 0
    }

    /// Ends a tag or attribute name: whitespace, `/` or `>`.
    @inline(__always)
    static func endsTagName(_ byte: UInt8) -> Bool {
        byte < 64 && (0x4000_8001_0000_3600 as UInt64) >> UInt64(byte) & 1 != 0
    }

    /// Ends an attribute name: whitespace, `/`, `>` or `=`.
    @inline(__always)
    static func endsAttributeName(_ byte: UInt8) -> Bool {
        byte < 64 && (0x6000_8001_0000_3600 as UInt64) >> UInt64(byte) & 1 != 0
    }

    /// ASCII letter.
    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool {
        let folded = byte | 0x20
        return folded >= UInt8(ascii: "a") && folded <= UInt8(ascii: "z")
    }

    /// ASCII digit.
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// ASCII letter or digit.
    @inline(__always)
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte)
    }

    /// ASCII lower-casing; other bytes are unchanged.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// Whether `bytes[range]` equals the lower-case ASCII `literal`, ignoring ASCII case.
    @inline(__always)
    static func equalsIgnoringCase(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ literal: StaticString
    ) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let pattern = literal.utf8Start
        var offset = 0
        for index in range {
            if lowercased(bytes[index]) != pattern[offset] { return false }
            offset += 1
        }
        return true
    }

    /// Whether the bytes at `start` begin with the lower-case ASCII `literal`, ignoring case.
    @inline(__always)
    static func hasPrefixIgnoringCase(
        _ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ literal: StaticString
    ) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard start >= 0, start + length <= bytes.count else { return false }
        let pattern = literal.utf8Start
        for offset in 0..<length where lowercased(bytes[start &+ offset]) != pattern[offset] {
            return false
        }
        return true
    }

    /// The index of the first byte of `bytes[from..<to]` that is not
    /// whitespace (``isWhitespace(_:)``), or `to`; sixteen bytes a step with
    /// SSE2 (`chaff_whitespace_end`). `to` is at most the buffer's count.
    @inline(__always)
    static func whitespaceEnd(in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let base = bytes.baseAddress else { return from }
        return chaff_whitespace_end(base, to, from)
    }

    /// The index of the first `<` in `bytes[from...]` followed by `sty` in
    /// any case, or nil: where a `<style` tag may start. Sixteen starts a
    /// step with SSE2 (`chaff_style_tag_start`).
    @inline(__always)
    static func styleTagStart(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < bytes.count, let base = bytes.baseAddress else { return nil }
        let index = chaff_style_tag_start(base, bytes.count, from)
        return index < bytes.count ? index : nil
    }

    /// The index of the first `byte` in `bytes[from..<to]`, or nil; uses `memchr`.
    @inline(__always)
    static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let base = bytes.baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The index of the first `first` in `bytes[from..<to]` that the byte
    /// `second` follows, ignoring case (`second` is a lower-case letter or `/`),
    /// or nil. Sixteen positions at a time: `<` is common in scripts, `</`
    /// much less so. (In markup, where most `<` start a tag, `memchr` for `<`
    /// and a look at the next byte cost fewer instructions.)
    static func findPair(
        _ first: UInt8, _ second: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int
    ) -> Int? {
        var index = max(from, 0)
        let raw = UnsafeRawBufferPointer(bytes)
        let firsts = SIMD16<UInt8>(repeating: first)
        let seconds = SIMD16<UInt8>(repeating: second)
        let caseBit = SIMD16<UInt8>(repeating: 0x20)
        // Wrapping arithmetic: indices into a buffer in memory cannot overflow.
        while index &+ 17 <= to {
            let here = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
            let next = raw.loadUnaligned(fromByteOffset: index &+ 1, as: SIMD16<UInt8>.self)
            if any((here .== firsts) .& ((next | caseBit) .== seconds)) { break }
            index &+= 16
        }
        while index &+ 1 < to {
            if bytes[index] == first && bytes[index &+ 1] | 0x20 == second { return index }
            index &+= 1
        }
        return nil
    }
}

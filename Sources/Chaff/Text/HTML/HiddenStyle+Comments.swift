extension HiddenStyle {
    /// The CSS with `/* ... */` comments (each becomes a space) and the legacy
    /// `<!--`/`-->` markers removed, read left to right.
    ///
    /// - Complexity: O(n). The bytes that can start or end a marker (`/`, `<`,
    ///   `>`) are looked for sixteen at a time and the text between markers is
    ///   copied in runs: style sheets are often the largest part of a page's head.
    static func strippingComments(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        let end = range.upperBound
        // Bytes before `kept` are in the output or removed; `index` is where the
        // search for the next marker goes on.
        var kept = range.lowerBound
        var index = range.lowerBound
        while let candidate = nextMarkerByte(bytes, from: index, to: end) {
            index = candidate + 1
            let removed: Range<Int>
            switch bytes[candidate] {
            case UInt8(ascii: "/"):
                guard candidate + 1 < end, bytes[candidate + 1] == UInt8(ascii: "*") else { continue }
                removed = candidate..<commentEnd(bytes, from: candidate + 2, to: end)
            case HTMLBytes.lessThan:
                guard HTMLBytes.hasPrefixIgnoringCase(bytes, at: candidate, "<!--") else { continue }
                removed = candidate..<(candidate + 4)
            default:
                // "-->" ends at this ">"; its dashes must not belong to a marker removed before.
                guard candidate - 2 >= kept, bytes[candidate - 1] == UInt8(ascii: "-"),
                      bytes[candidate - 2] == UInt8(ascii: "-")
                else { continue }
                removed = (candidate - 2)..<(candidate + 1)
            }
            if kept < removed.lowerBound {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[kept..<removed.lowerBound]))
            }
            if bytes[candidate] == UInt8(ascii: "/") { output.append(HTMLBytes.space) }  // a comment separates
            kept = removed.upperBound
            index = kept
        }
        if kept < end { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[kept..<end])) }
        return output
    }

    /// The offset just past the `*/` that closes a comment whose text starts at
    /// `start`; for an unclosed comment, past the end (at least `start`).
    private static func commentEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var close = start
        while close + 1 < end, !(bytes[close] == UInt8(ascii: "*") && bytes[close + 1] == UInt8(ascii: "/")) {
            close += 1
        }
        return close + 2
    }

    /// The offset of the next `/`, `<` or `>` in `bytes[from..<to]`, or nil.
    private static func nextMarkerByte(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        var index = from
        let raw = UnsafeRawBufferPointer(bytes)
        let slash = SIMD16<UInt8>(repeating: UInt8(ascii: "/"))
        let lessThan = SIMD16<UInt8>(repeating: HTMLBytes.lessThan)
        let greaterThan = SIMD16<UInt8>(repeating: HTMLBytes.greaterThan)
        while index + 16 <= to {
            let chunk = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
            if any((chunk .== slash) .| (chunk .== lessThan) .| (chunk .== greaterThan)) { break }
            index += 16
        }
        while index < to {
            switch bytes[index] {
            case UInt8(ascii: "/"), HTMLBytes.lessThan, HTMLBytes.greaterThan: return index
            default: index += 1
            }
        }
        return nil
    }
}

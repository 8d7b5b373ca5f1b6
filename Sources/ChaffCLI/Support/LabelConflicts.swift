import Chaff
import Foundation

/// Texts labeled injected on one line and legit on another: `chaff train`'s
/// warning about contradictory training data.
///
/// Lines are compared by the UTF-8 bytes of their text without the spaces
/// and tabs around it (`CharacterSet.whitespaces`). A `[String: …]`
/// dictionary of trimmed lines did the same work in 12.8% of `chaff train`'s
/// time: it trimmed through `NSString`, and `String` hashes by canonical
/// equivalence, normalising every line. Here a line is a byte range, hashed
/// with FNV-1a and compared with `memcmp` when the hash matches; no line is
/// copied. (Two canonically equivalent texts with different bytes, such as
/// a precomposed and a decomposed "é", are now two texts.)
struct LabelConflicts {
    /// At most ``exampleLimit`` conflicts, in the order found, as sentences.
    private(set) var examples: [String] = []
    /// Distinct texts labeled both ways.
    private(set) var count = 0
    /// Conflicts kept as sentences.
    static let exampleLimit = 5

    /// The first line that had a text, and whether its conflict was counted.
    private struct SeenText {
        let page: Int
        let line: Int
        /// The text's bytes in the line.
        let range: Range<Int>
        let injected: Bool
        /// The previous text with the same hash, if any.
        let next: Int?
        var reported = false
    }

    /// Finds the conflicts of `pages`.
    init(pages: [LabeledPage]) {
        var firstSeen: [UInt64: Int] = [:]
        firstSeen.reserveCapacity(pages.reduce(0) { $0 + $1.lines.count })
        var seen: [SeenText] = []
        for (pageIndex, page) in pages.enumerated() {
            for (lineIndex, (line, injected)) in zip(page.lines, page.labels).enumerated() {
                let range = Self.trimmed(line)
                guard !range.isEmpty else { continue }
                let hash = Self.withUTF8(of: line) { Self.hash(UnsafeBufferPointer(rebasing: $0[range])) }
                // Texts with this hash, newest first; the chain is longer than
                // one only if two different texts share a 64-bit hash.
                var candidate = firstSeen[hash]
                while let index = candidate, !Self.sameText(seen[index], in: pages, as: line, range) {
                    candidate = seen[index].next
                }
                guard let index = candidate else {
                    seen.append(SeenText(page: pageIndex, line: lineIndex, range: range, injected: injected, next: firstSeen[hash]))
                    firstSeen[hash] = seen.count - 1
                    continue
                }
                guard seen[index].injected != injected && !seen[index].reported else { continue }
                seen[index].reported = true
                count += 1
                if examples.count < Self.exampleLimit {
                    let text = Self.withUTF8(of: line) { String(decoding: $0[range], as: UTF8.self) }
                    let previous = seen[index]
                    examples.append(
                        "'\(text.prefix(60))' is labeled \(Self.label(injected)) in \(page.id) but \(Self.label(previous.injected)) in \(pages[previous.page].id)")
                }
            }
        }
    }

    private static func label(_ injected: Bool) -> String { injected ? "injected" : "legit" }

    /// Whether `seen`'s text has the bytes of `range` of `line`.
    private static func sameText(_ seen: SeenText, in pages: [LabeledPage], as line: String, _ range: Range<Int>) -> Bool {
        guard seen.range.count == range.count else { return false }
        return withUTF8(of: pages[seen.page].lines[seen.line]) { first in
            withUTF8(of: line) { second in
                memcmp(first.baseAddress! + seen.range.lowerBound, second.baseAddress! + range.lowerBound, range.count) == 0
            }
        }
    }

    /// Calls `body` with the UTF-8 bytes of `string`, copying them only if
    /// the string does not store them contiguously.
    private static func withUTF8<T>(of string: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = string
        return copy.withUTF8(body)
    }

    /// The UTF-8 offsets of `line`'s text without the whitespace at either end.
    static func trimmed(_ line: String) -> Range<Int> {
        let scalars = line.unicodeScalars
        var lower = scalars.startIndex
        var upper = scalars.endIndex
        while lower < upper && isWhitespace(scalars[lower].value) { scalars.formIndex(after: &lower) }
        while lower < upper {
            let last = scalars.index(before: upper)
            guard isWhitespace(scalars[last].value) else { break }
            upper = last
        }
        let utf8 = line.utf8
        return utf8.distance(from: utf8.startIndex, to: lower)..<utf8.distance(from: utf8.startIndex, to: upper)
    }

    /// Whether `scalar` is in `CharacterSet.whitespaces` (the tab and the
    /// space separators; on Linux also the zero-width space). Foundation is
    /// asked only about those candidates, so that trimming stays what it was
    /// on every platform without a set look-up for every line's first letter.
    static func isWhitespace(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x09, 0x20: return true
        case 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000:
            return Unicode.Scalar(scalar).map { whitespaces.contains($0) } ?? false
        default: return false
        }
    }

    private static let whitespaces = CharacterSet.whitespaces

    /// FNV-1a over the bytes (the dictionary hashes the result again).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}

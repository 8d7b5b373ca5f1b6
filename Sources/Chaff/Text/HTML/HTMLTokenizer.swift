/// A tolerant, allocation-light HTML tokenizer over UTF-8 (or any ASCII-compatible) bytes.
///
/// It follows the HTML standard's tokenizer in spirit, not to the letter:
/// tags, attributes (double-quoted, single-quoted, unquoted, valueless), comments
/// (`<!-- -->`, `<!-->`, `--!>`, unterminated ones running to the end), doctypes,
/// CDATA sections and `<?...>` become tokens; a `<` that does not start a tag is
/// text; a tag cut off by the end of input is dropped, as browsers do. Raw-text
/// elements (`<script>`, `<style>`, ...) are the caller's business: after their
/// start tag the caller calls ``skipRawText(endTagName:)``, which jumps to the
/// matching end tag sixteen bytes at a time, so a megabyte of inline script costs almost nothing.
///
/// The tokenizer borrows `bytes`: it must not outlive the buffer it was given.
/// Every call to ``next()`` consumes at least one byte, so tokenizing always ends.
struct HTMLTokenizer {
    /// The input.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next unread byte.
    private(set) var position: Int = 0
    /// Attributes of the most recent start tag, in source order (duplicates kept;
    /// lookups return the first, as the standard says).
    var attributes: ArraySlice<HTMLAttribute> { attributeSlots[..<attributeCount] }

    /// Calls `body` with ``attributes`` in place: no slice of their array to
    /// retain and release, and no bounds check per attribute.
    func withAttributes<Result>(_ body: (UnsafeBufferPointer<HTMLAttribute>) -> Result) -> Result {
        attributeSlots.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[..<attributeCount])) }
    }
    /// Room for the attributes, reused from tag to tag: the first
    /// ``attributeCount`` are the current tag's. Emptying an array for every
    /// start tag (`removeAll(keepingCapacity:)`) cost 1.7% of reading HTML.
    private var attributeSlots: [HTMLAttribute] = []
    private var attributeCount = 0

    /// Creates a tokenizer that reads `bytes` from the start.
    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        attributeSlots.reserveCapacity(16)
    }

    /// The next token, or nil at the end of the input.
    mutating func next() -> HTMLToken? {
        let end = bytes.count
        while position < end {
            let start = position
            if bytes[start] != HTMLBytes.lessThan {
                let stop = HTMLBytes.find(HTMLBytes.lessThan, in: bytes, from: start, to: end) ?? end
                position = stop
                return .text(start..<stop)
            }
            // bytes[start] == "<"
            guard start + 1 < end else {
                position = end
                return .text(start..<end)
            }
            let following = bytes[start + 1]
            if HTMLBytes.isLetter(following) {
                if let token = readStartTag(at: start) { return token }
                return nil  // cut off by the end of input
            }
            switch following {
            case HTMLBytes.slash:
                guard start + 2 < end else {
                    position = end
                    return .text(start..<end)
                }
                let third = bytes[start + 2]
                if HTMLBytes.isLetter(third) {
                    if let token = readEndTag(at: start) { return token }
                    return nil
                }
                if third == HTMLBytes.greaterThan {
                    position = start + 3  // "</>" is ignored
                    continue
                }
                return readBogusComment(contentStart: start + 2)
            case UInt8(ascii: "!"):
                if HTMLBytes.hasPrefixIgnoringCase(bytes, at: start + 2, "--") {
                    return readComment(contentStart: start + 4)
                }
                if HTMLBytes.hasPrefixIgnoringCase(bytes, at: start + 2, "[cdata[") {
                    return readCDATA(contentStart: start + 9)
                }
                return readBogusComment(contentStart: start + 2)
            case UInt8(ascii: "?"):
                return readBogusComment(contentStart: start + 1)
            default:
                // "a < b", "<3", "< p": not a tag.
                position = start + 1
                return .text(start..<(start + 1))
            }
        }
        return nil
    }

    /// Skips the content of a raw-text element whose start tag was just read:
    /// everything up to the first `</name` (ASCII case-insensitive) followed by
    /// whitespace, `/` or `>`. The end tag is consumed too.
    ///
    /// - Parameter endTagName: the element name, lower-case ASCII.
    /// - Returns: the range of the content; it runs to the end of the input when
    ///   the end tag is missing.
    /// - Complexity: O(n), sixteen skipped bytes at a time between `</` pairs.
    mutating func skipRawText(endTagName: StaticString) -> Range<Int> {
        let end = bytes.count
        let contentStart = position
        var cursor = position
        let nameLength = endTagName.utf8CodeUnitCount
        while let lessThan = HTMLBytes.findPair(HTMLBytes.lessThan, HTMLBytes.slash, in: bytes, from: cursor, to: end) {
            cursor = lessThan + 1
            guard lessThan + 1 < end, bytes[lessThan + 1] == HTMLBytes.slash,
                  HTMLBytes.hasPrefixIgnoringCase(bytes, at: lessThan + 2, endTagName)
            else { continue }
            let after = lessThan + 2 + nameLength
            if after < end {
                let byte = bytes[after]
                guard HTMLBytes.isWhitespace(byte) || byte == HTMLBytes.slash || byte == HTMLBytes.greaterThan
                else { continue }
            }
            let close = HTMLBytes.find(HTMLBytes.greaterThan, in: bytes, from: after, to: end)
            position = close.map { $0 + 1 } ?? end
            return contentStart..<lessThan
        }
        position = end
        return contentStart..<end
    }

    /// Moves to `offset` (clamped to the input), e.g. to tokenize from a `<` found by a scan.
    mutating func seek(to offset: Int) {
        position = min(max(offset, 0), bytes.count)
    }

    /// The raw value range of the first attribute named `name` (lower-case ASCII)
    /// of the last start tag, or nil when absent. A valueless attribute gives an
    /// empty range.
    func attribute(_ name: StaticString) -> Range<Int>? {
        for attribute in attributes where HTMLBytes.equalsIgnoringCase(bytes, attribute.name, name) {
            return attribute.value
        }
        return nil
    }

    // MARK: - Tags

    private mutating func readStartTag(at start: Int) -> HTMLToken? {
        let end = bytes.count
        attributeCount = 0
        // Wrapping arithmetic: indices into a buffer in memory cannot overflow.
        var index = start &+ 1
        let nameStart = index
        while index < end {
            let byte = bytes[index]
            if HTMLBytes.endsTagName(byte) { break }
            index &+= 1
        }
        let name = nameStart..<index
        var selfClosing = false
        // Attributes.
        while true {
            // Skip whitespace and stray slashes.
            while index < end {
                let byte = bytes[index]
                if HTMLBytes.isWhitespace(byte) {
                    index &+= 1
                } else if byte == HTMLBytes.slash {
                    if index &+ 1 < end, bytes[index &+ 1] == HTMLBytes.greaterThan { selfClosing = true }
                    index &+= 1
                } else {
                    break
                }
            }
            guard index < end else {
                position = end
                return nil
            }
            if bytes[index] == HTMLBytes.greaterThan {
                position = index &+ 1
                return .startTag(name: name, selfClosing: selfClosing, start: start)
            }
            selfClosing = false
            // Attribute name; a leading "=" belongs to the name.
            let attributeStart = index
            index &+= 1
            while index < end {
                let byte = bytes[index]
                if HTMLBytes.endsAttributeName(byte) { break }
                index &+= 1
            }
            let attributeName = attributeStart..<index
            var probe = index
            while probe < end, HTMLBytes.isWhitespace(bytes[probe]) { probe &+= 1 }
            guard probe < end, bytes[probe] == HTMLBytes.equals else {
                appendAttribute(HTMLAttribute(name: attributeName, value: index..<index))
                continue
            }
            index = probe &+ 1
            while index < end, HTMLBytes.isWhitespace(bytes[index]) { index &+= 1 }
            guard index < end else {
                position = end
                return nil
            }
            let quote = bytes[index]
            if quote == HTMLBytes.doubleQuote || quote == HTMLBytes.singleQuote {
                let valueStart = index &+ 1
                guard let close = HTMLBytes.find(quote, in: bytes, from: valueStart, to: end) else {
                    position = end
                    return nil
                }
                appendAttribute(HTMLAttribute(name: attributeName, value: valueStart..<close))
                index = close &+ 1
            } else {
                let valueStart = index
                while index < end {
                    let byte = bytes[index]
                    if HTMLBytes.isWhitespace(byte) || byte == HTMLBytes.greaterThan { break }
                    index &+= 1
                }
                appendAttribute(HTMLAttribute(name: attributeName, value: valueStart..<index))
            }
        }
    }

    @inline(__always)
    private mutating func appendAttribute(_ attribute: HTMLAttribute) {
        if attributeCount < attributeSlots.count {
            attributeSlots[attributeCount] = attribute
        } else {
            attributeSlots.append(attribute)
        }
        attributeCount += 1
    }

    private mutating func readEndTag(at start: Int) -> HTMLToken? {
        let end = bytes.count
        var index = start + 2
        let nameStart = index
        while index < end {
            let byte = bytes[index]
            if HTMLBytes.endsTagName(byte) { break }
            index += 1
        }
        let name = nameStart..<index
        // Whatever follows the name (attributes, junk) runs to the next ">",
        // honouring quotes so that `</a title=">">` ends where a browser ends it.
        while index < end {
            let byte = bytes[index]
            if byte == HTMLBytes.greaterThan {
                position = index + 1
                return .endTag(name: name, start: start)
            }
            if (byte == HTMLBytes.doubleQuote || byte == HTMLBytes.singleQuote),
               index > nameStart, bytes[index - 1] == HTMLBytes.equals {
                guard let close = HTMLBytes.find(byte, in: bytes, from: index + 1, to: end) else { break }
                index = close + 1
                continue
            }
            index += 1
        }
        position = end
        return nil
    }

    // MARK: - Comments

    private mutating func readComment(contentStart: Int) -> HTMLToken {
        let end = bytes.count
        // "<!-->" and "<!--->" are complete (empty) comments.
        if contentStart < end, bytes[contentStart] == HTMLBytes.greaterThan {
            position = contentStart + 1
            return .comment(contentStart..<contentStart)
        }
        if contentStart + 1 < end, bytes[contentStart] == UInt8(ascii: "-"),
           bytes[contentStart + 1] == HTMLBytes.greaterThan {
            position = contentStart + 2
            return .comment(contentStart..<contentStart)
        }
        var cursor = contentStart
        while let close = HTMLBytes.find(HTMLBytes.greaterThan, in: bytes, from: cursor, to: end) {
            cursor = close + 1
            let dash = UInt8(ascii: "-")
            if close - 2 >= contentStart, bytes[close - 1] == dash, bytes[close - 2] == dash {
                position = close + 1
                return .comment(contentStart..<(close - 2))
            }
            if close - 3 >= contentStart, bytes[close - 1] == UInt8(ascii: "!"),
               bytes[close - 2] == dash, bytes[close - 3] == dash {
                position = close + 1
                return .comment(contentStart..<(close - 3))
            }
        }
        position = end
        return .comment(min(contentStart, end)..<end)
    }

    private mutating func readCDATA(contentStart: Int) -> HTMLToken {
        let end = bytes.count
        var cursor = contentStart
        while let close = HTMLBytes.find(HTMLBytes.greaterThan, in: bytes, from: cursor, to: end) {
            cursor = close + 1
            if close - 2 >= contentStart, bytes[close - 1] == UInt8(ascii: "]"), bytes[close - 2] == UInt8(ascii: "]") {
                position = close + 1
                return .comment(contentStart..<(close - 2))
            }
        }
        position = end
        return .comment(min(contentStart, end)..<end)
    }

    private mutating func readBogusComment(contentStart: Int) -> HTMLToken {
        let end = bytes.count
        let start = min(contentStart, end)
        let close = HTMLBytes.find(HTMLBytes.greaterThan, in: bytes, from: start, to: end) ?? end
        position = min(close + 1, end)
        return .comment(start..<close)
    }
}

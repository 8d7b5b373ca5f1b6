extension CharsetDecoder {
    /// The value of the `charset` parameter in a Content-Type header value
    /// (`text/html; charset="GBK"` gives `GBK`), or the whole value when it is a
    /// bare label without `/`, `;` or `=` (`gbk` gives `gbk`); nil otherwise.
    public static func charsetLabel(inContentType contentType: String) -> String? {
        var value = Array(contentType.utf8)
        if !value.contains(UInt8(ascii: "/")), !value.contains(UInt8(ascii: ";")),
           !value.contains(HTMLBytes.equals) {
            while let last = value.last, HTMLBytes.isWhitespace(last) { value.removeLast() }
            while let first = value.first, HTMLBytes.isWhitespace(first) { value.removeFirst() }
            return value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
        }
        return value.withUnsafeBufferPointer { charsetParameter(in: $0, from: 0, to: $0.count) }
    }

    /// The charset label declared by the first `<meta charset>` or
    /// `<meta http-equiv="Content-Type" content="...; charset=...">` in `bytes`,
    /// found by tokenizing the prefix (so comments are skipped and attribute
    /// order does not matter); nil when there is none.
    ///
    /// - Complexity: O(n) in `bytes.count`; callers pass a bounded prefix.
    public static func metaCharsetLabel(in bytes: UnsafeRawBufferPointer) -> String? {
        let buffer = bytes.bindMemory(to: UInt8.self)
        var tokenizer = HTMLTokenizer(bytes: buffer)
        while let token = tokenizer.next() {
            guard case .startTag(let name, _, _) = token else { continue }
            // A "<meta charset" inside a script string is not a declaration.
            if HTMLBytes.equalsIgnoringCase(buffer, name, "script") {
                _ = tokenizer.skipRawText(endTagName: "script")
                continue
            }
            if HTMLBytes.equalsIgnoringCase(buffer, name, "style") {
                _ = tokenizer.skipRawText(endTagName: "style")
                continue
            }
            guard HTMLBytes.equalsIgnoringCase(buffer, name, "meta") else { continue }
            if let charset = tokenizer.attribute("charset") {
                let label = trimmedLabel(buffer, charset)
                if !label.isEmpty { return label }
            }
            if let equiv = tokenizer.attribute("http-equiv"),
               HTMLBytes.equalsIgnoringCase(buffer, trimmed(buffer, equiv), "content-type"),
               let content = tokenizer.attribute("content"),
               let label = charsetParameter(in: buffer, from: content.lowerBound, to: content.upperBound) {
                return label
            }
        }
        return nil
    }

    /// Finds `charset` (any case) followed by optional spaces, `=`, optional
    /// spaces and an optionally quoted value, and returns the value.
    private static func charsetParameter(in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> String? {
        var index = from
        while index + 7 <= to {
            guard HTMLBytes.lowercased(bytes[index]) == UInt8(ascii: "c"),
                  HTMLBytes.hasPrefixIgnoringCase(bytes, at: index, "charset")
            else {
                index += 1
                continue
            }
            var cursor = index + 7
            while cursor < to, HTMLBytes.isWhitespace(bytes[cursor]) { cursor += 1 }
            guard cursor < to, bytes[cursor] == HTMLBytes.equals else {
                index += 7
                continue
            }
            cursor += 1
            while cursor < to, HTMLBytes.isWhitespace(bytes[cursor]) { cursor += 1 }
            var quote: UInt8 = 0
            if cursor < to, bytes[cursor] == HTMLBytes.doubleQuote || bytes[cursor] == HTMLBytes.singleQuote {
                quote = bytes[cursor]
                cursor += 1
            }
            let valueStart = cursor
            while cursor < to {
                let byte = bytes[cursor]
                if byte == quote || byte == HTMLBytes.semicolon || byte == HTMLBytes.doubleQuote
                    || byte == HTMLBytes.singleQuote || byte == HTMLBytes.greaterThan
                    || HTMLBytes.isWhitespace(byte) { break }
                cursor += 1
            }
            guard cursor > valueStart else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<cursor]), as: UTF8.self)
        }
        return nil
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, HTMLBytes.isWhitespace(bytes[lower]) { lower += 1 }
        while upper > lower, HTMLBytes.isWhitespace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    private static func trimmedLabel(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[trimmed(bytes, range)]), as: UTF8.self)
    }
}

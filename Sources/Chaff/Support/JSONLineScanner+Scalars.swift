/// Strings, numbers and literals: the leaves of ``JSONLineScanner``.
extension JSONLineScanner {
    /// A string literal at `index` (on its opening quote), unescaped.
    /// Invalid UTF-8 and unpaired surrogate escapes become U+FFFD.
    mutating func string() throws(Failure) -> String {
        let opening = index
        index += 1
        let start = index
        index = plainRunEnd(from: index)
        guard index < bytes.endIndex else { throw fail("unterminated string") }
        if bytes[index] == 0x22 {
            index += 1
            return String(decoding: bytes[start..<index - 1], as: UTF8.self)
        }
        index = opening
        var output: [UInt8] = []
        try appendString(to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the unescaped UTF-8 of the string literal at `index` (on its
    /// opening quote) to `output`, as ``string()`` reads it, and moves past it.
    /// Invalid UTF-8 is copied as it is.
    mutating func appendString(to output: inout [UInt8]) throws(Failure) {
        index += 1
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                return
            }
            guard byte >= 0x20 else { throw fail("control character in a string") }
            guard byte == 0x5C else {
                let end = plainRunEnd(from: index)
                output.append(contentsOf: bytes[index..<end])
                index = end
                continue
            }
            guard index + 1 < bytes.endIndex else { throw fail("unterminated string") }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case 0x22, 0x5C, 0x2F: output.append(escape)
            case 0x62: output.append(0x08)
            case 0x66: output.append(0x0C)
            case 0x6E: output.append(0x0A)
            case 0x72: output.append(0x0D)
            case 0x74: output.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.endIndex, bytes[index] == 0x5C, bytes[index + 1] == 0x75 {
                    let save = index
                    index += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        index = save
                    }
                }
                let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                output.append(contentsOf: String(character).utf8)
            default:
                index -= 2
                throw fail("invalid escape")
            }
        }
        throw fail("unterminated string")
    }

    /// Checks the string literal at `index` (on its opening quote) and moves
    /// past it without unescaping: the same failures as ``string()``.
    mutating func skipString() throws(Failure) {
        index += 1
        while true {
            index = plainRunEnd(from: index)
            guard index < bytes.endIndex else { throw fail("unterminated string") }
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                return
            }
            guard byte == 0x5C else { throw fail("control character in a string") }
            guard index + 1 < bytes.endIndex else { throw fail("unterminated string") }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: break
            case 0x75: _ = try hex4()
            default:
                index -= 2
                throw fail("invalid escape")
            }
        }
    }

    /// The first index at or after `start` holding a quote, a backslash or a
    /// control character, else `endIndex`: the end of a run that a string
    /// copies as is. Eight bytes at a time while none can be one (SWAR: a byte
    /// is flagged when it equals `"` or `\` or is below 0x20; a flag can be
    /// spurious only above a true one, so the byte loop decides).
    private func plainRunEnd(from start: Int) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = start - bytes.startIndex
            let count = buffer.count
            while offset + 8 <= count {
                let word = UnsafeRawPointer(buffer.baseAddress! + offset).loadUnaligned(as: UInt64.self)
                let quote = word ^ 0x2222_2222_2222_2222
                let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
                let flags = ((quote &- 0x0101_0101_0101_0101) & ~quote) | ((backslash &- 0x0101_0101_0101_0101) & ~backslash)
                    | ((word &- 0x2020_2020_2020_2020) & ~word)
                if flags & 0x8080_8080_8080_8080 != 0 { break }
                offset += 8
            }
            while offset < count {
                let byte = buffer[offset]
                if byte == 0x22 || byte == 0x5C || byte < 0x20 { break }
                offset += 1
            }
            return offset + bytes.startIndex
        }
    }

    /// The number at `index`, as written.
    mutating func number() throws(Failure) -> String {
        let start = index
        try skipNumber()
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// Moves past a number in JSON syntax, `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`;
    /// anything else (`01`, `1.`, `.5`, `+1`, `1e`) fails at the number's start.
    mutating func skipNumber() throws(Failure) {
        let start = index
        if bytes[index] == 0x2D { index += 1 }
        guard isDigit else { try invalidNumber(from: start) }
        if bytes[index] == 0x30 {
            index += 1
            if isDigit { try invalidNumber(from: start) }
        } else {
            skipDigits()
        }
        if index < bytes.endIndex, bytes[index] == 0x2E {
            index += 1
            guard isDigit else { try invalidNumber(from: start) }
            skipDigits()
        }
        if index < bytes.endIndex, bytes[index] == 0x65 || bytes[index] == 0x45 {
            index += 1
            if index < bytes.endIndex, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            guard isDigit else { try invalidNumber(from: start) }
            skipDigits()
        }
    }

    private var isDigit: Bool { index < bytes.endIndex && (0x30...0x39).contains(bytes[index]) }

    private mutating func skipDigits() {
        while isDigit { index += 1 }
    }

    private mutating func invalidNumber(from start: Int) throws(Failure) -> Never {
        index = start
        throw fail("invalid number")
    }

    /// Moves past `word` (`true`, `false`, `null`) or fails.
    mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { text in
            index + count <= bytes.endIndex && bytes[index..<(index + count)].elementsEqual(text)
        }
        guard matches else { throw fail("invalid literal") }
        index += count
    }

    /// The four hex digits of a `\u` escape at `index`.
    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.endIndex else { throw fail("invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = bytes[index].hexDigitValue else { throw fail("invalid \\u escape") }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}

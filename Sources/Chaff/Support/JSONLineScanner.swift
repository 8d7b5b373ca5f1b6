/// Reads the fields `chaff score --input jsonl` needs from one JSON object,
/// with a byte scan instead of Foundation's `JSONSerialization` (which builds
/// an object tree and costs as much again as the scan on large `html` values).
///
/// Strings are unescaped (`\n`, `\uXXXX` with surrogate pairs; invalid UTF-8
/// becomes U+FFFD); numbers are kept as their JSON text; any other value is
/// checked for well-formedness and skipped.
package struct JSONLineScanner {
    /// A value the command may use.
    package enum Value {
        case string(String)
        /// A number, as written.
        case number(String)
        case strings([String])
        case null
        /// Anything else (objects, booleans, mixed arrays).
        case other(String)
    }

    /// Why a line is not a JSON object; `offset` is the byte in the line.
    package struct Failure: Error {
        package let offset: Int
        package let reason: String
        package var description: String { "invalid JSON at byte \(offset + 1): \(reason)" }
    }

    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ line: ArraySlice<UInt8>) {
        bytes = line
        index = line.startIndex
    }

    /// The object's fields named in `wanted` (later duplicates win, as in JavaScript).
    package static func fields(of line: ArraySlice<UInt8>, wanted: Set<String>) throws(Failure) -> [String: Value] {
        var scanner = JSONLineScanner(line)
        return try scanner.object(wanted: wanted)
    }

    private var offset: Int { index - bytes.startIndex }

    private func fail(_ reason: String) -> Failure { Failure(offset: offset, reason: reason) }

    private mutating func skipSpace() {
        while index < bytes.endIndex, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
            index += 1
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        skipSpace()
        guard index < bytes.endIndex, bytes[index] == byte else {
            throw fail(index < bytes.endIndex ? "expected \(what)" : "unexpected end of line, expected \(what)")
        }
        index += 1
    }

    private mutating func object(wanted: Set<String>) throws(Failure) -> [String: Value] {
        skipSpace()
        guard index < bytes.endIndex, bytes[index] == 0x7B else { throw fail("not a JSON object") }
        index += 1
        var fields: [String: Value] = [:]
        skipSpace()
        if index < bytes.endIndex, bytes[index] == 0x7D {
            index += 1
        } else {
            while true {
                skipSpace()
                guard index < bytes.endIndex, bytes[index] == 0x22 else { throw fail("expected a string key") }
                let key = try string()
                try expect(0x3A, "':'")
                skipSpace()
                if wanted.contains(key) {
                    fields[key] = try value()
                } else {
                    try skipValue(depth: 0)
                }
                skipSpace()
                guard index < bytes.endIndex else { throw fail("unexpected end of line, expected ',' or '}'") }
                if bytes[index] == 0x2C {
                    index += 1
                    continue
                }
                guard bytes[index] == 0x7D else { throw fail("expected ',' or '}'") }
                index += 1
                break
            }
        }
        skipSpace()
        guard index == bytes.endIndex else { throw fail("unexpected text after the object") }
        return fields
    }

    private mutating func value() throws(Failure) -> Value {
        guard index < bytes.endIndex else { throw fail("unexpected end of line, expected a value") }
        let start = index
        switch bytes[index] {
        case 0x22:
            return .string(try string())
        case 0x2D, 0x30...0x39:
            try skipNumber()
            return .number(String(decoding: bytes[start..<index], as: UTF8.self))
        case 0x5B:
            // An array: of strings (the `lines` shape), or anything else.
            var strings: [String] = []
            var allStrings = true
            index += 1
            skipSpace()
            if index < bytes.endIndex, bytes[index] == 0x5D {
                index += 1
                return .strings([])
            }
            while true {
                skipSpace()
                if index < bytes.endIndex, bytes[index] == 0x22, allStrings {
                    strings.append(try string())
                } else {
                    allStrings = false
                    try skipValue(depth: 1)
                }
                skipSpace()
                guard index < bytes.endIndex else { throw fail("unexpected end of line in an array") }
                if bytes[index] == 0x2C {
                    index += 1
                    continue
                }
                guard bytes[index] == 0x5D else { throw fail("expected ',' or ']'") }
                index += 1
                break
            }
            return allStrings ? .strings(strings) : .other(String(decoding: bytes[start..<index], as: UTF8.self))
        case 0x6E:
            try literal("null")
            return .null
        default:
            try skipValue(depth: 0)
            return .other(String(decoding: bytes[start..<index], as: UTF8.self))
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { text in
            index + count <= bytes.endIndex && bytes[index..<(index + count)].elementsEqual(text)
        }
        guard matches else { throw fail("invalid literal") }
        index += count
    }

    private mutating func skipNumber() throws(Failure) {
        let start = index
        if bytes[index] == 0x2D { index += 1 }
        var digits = 0
        while index < bytes.endIndex, (0x30...0x39).contains(bytes[index]) || bytes[index] == 0x2E || bytes[index] == 0x65
            || bytes[index] == 0x45 || bytes[index] == 0x2B || bytes[index] == 0x2D {
            if (0x30...0x39).contains(bytes[index]) { digits += 1 }
            index += 1
        }
        guard digits > 0, Double(String(decoding: bytes[start..<index], as: UTF8.self)) != nil else {
            index = start
            throw fail("invalid number")
        }
    }

    private mutating func skipValue(depth: Int) throws(Failure) {
        guard depth < 512 else { throw fail("nested too deeply") }
        skipSpace()
        guard index < bytes.endIndex else { throw fail("unexpected end of line, expected a value") }
        switch bytes[index] {
        case 0x22: _ = try string()
        case 0x2D, 0x30...0x39: try skipNumber()
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        case 0x5B, 0x7B:
            let close: UInt8 = bytes[index] == 0x5B ? 0x5D : 0x7D
            let isObject = close == 0x7D
            index += 1
            skipSpace()
            if index < bytes.endIndex, bytes[index] == close {
                index += 1
                return
            }
            while true {
                if isObject {
                    skipSpace()
                    guard index < bytes.endIndex, bytes[index] == 0x22 else { throw fail("expected a string key") }
                    _ = try string()
                    try expect(0x3A, "':'")
                }
                try skipValue(depth: depth + 1)
                skipSpace()
                guard index < bytes.endIndex else { throw fail("unexpected end of line") }
                if bytes[index] == 0x2C {
                    index += 1
                    continue
                }
                guard bytes[index] == close else { throw fail(isObject ? "expected ',' or '}'" : "expected ',' or ']'") }
                index += 1
                return
            }
        default:
            throw fail("unexpected character")
        }
    }

    /// A string literal at `index` (on its opening quote), unescaped.
    private mutating func string() throws(Failure) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.endIndex, bytes[index] != 0x22, bytes[index] != 0x5C {
            guard bytes[index] >= 0x20 else { throw fail("control character in a string") }
            index += 1
        }
        guard index < bytes.endIndex else { throw fail("unterminated string") }
        if bytes[index] == 0x22 {
            index += 1
            return String(decoding: bytes[start..<index - 1], as: UTF8.self)
        }
        var output = Array(bytes[start..<index])
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                return String(decoding: output, as: UTF8.self)
            }
            guard byte >= 0x20 else { throw fail("control character in a string") }
            guard byte == 0x5C else {
                output.append(byte)
                index += 1
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

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.endIndex else { throw fail("invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}

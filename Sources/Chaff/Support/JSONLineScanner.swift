/// Reads the fields a caller needs from one JSON object on one line, with a
/// byte scan instead of Foundation's `JSONSerialization` (which builds an
/// `NSNumber`/`NSString` tree of the whole record and cost about a quarter of
/// `chaff train`, and as much again as the scan on large `html` values).
///
/// Used by `chaff score --input jsonl` and by ``CorpusReader`` for labeled
/// pages. Only the fields named in `wanted` are built; every other value is
/// checked for well-formedness and skipped without building strings.
///
/// The grammar is RFC 8259 JSON with the leniencies of Foundation's reader, so
/// that training files it accepted still read: one trailing comma before `]`
/// or `}` is allowed, and containers nest at most 512 deep (the top-level
/// object counts). Strings are unescaped (`\n`, `\uXXXX` with surrogate pairs);
/// invalid UTF-8 and unpaired surrogate escapes become U+FFFD instead of
/// failing. Numbers are checked against the JSON grammar (no leading zeros, no
/// `1.`) and kept as their text.
///
/// - Complexity: O(n) in the line's length; nesting is bounded, so a 100 MB
///   line costs time, not stack.
package struct JSONLineScanner {
    /// A value of a wanted field.
    package enum Value: Equatable, Sendable {
        case string(String)
        /// A number, exactly as written (valid JSON number syntax).
        case number(String)
        case bool(Bool)
        case null
        /// An array whose elements are all strings (the `lines` shape), or an
        /// empty array.
        case strings(StringList)
        /// Any other array; its nested arrays and objects are ``other(_:)``.
        case array([Value])
        /// An object, or an array nested in an array, as written.
        case other(String)

        /// The string, when the value is a string.
        package var stringValue: String? {
            if case .string(let text) = self { return text }
            return nil
        }
    }

    /// The strings of an array, unescaped, one after another in one UTF-8
    /// buffer: a page's `lines` are scored from these bytes without a `String`
    /// per line (building them was about 4% of `chaff score --input jsonl`).
    /// Invalid UTF-8 is kept as it is; ``strings`` repairs it to U+FFFD.
    package struct StringList: Equatable, Sendable {
        /// The strings' bytes, one after another.
        package var utf8: [UInt8] = []
        /// Each string's range of ``utf8``.
        package var ranges: [Range<Int>] = []

        /// No strings.
        package init() {}

        /// The list of `strings`.
        package init(_ strings: [String]) {
            for string in strings {
                let start = utf8.count
                utf8.append(contentsOf: string.utf8)
                ranges.append(start..<utf8.count)
            }
        }

        /// The number of strings.
        package var count: Int { ranges.count }

        /// The strings, each made from its bytes.
        package var strings: [String] {
            ranges.map { String(decoding: utf8[$0], as: UTF8.self) }
        }
    }

    /// Why a line is not a JSON object; `offset` is the byte in the line.
    package struct Failure: Error, Sendable {
        /// The zero-based byte offset in the line where scanning stopped.
        package let offset: Int
        /// What was wrong, lowercase (`expected ':'`, `invalid number`, ...).
        package let reason: String
        /// True when the line is well-formed JSON whose top-level value is an
        /// array rather than an object (the reason is then `not a JSON object`).
        package var isWellFormed: Bool = false
        /// `invalid JSON at byte N: reason`, with N counted from 1.
        package var description: String { "invalid JSON at byte \(offset + 1): \(reason)" }
    }

    /// Containers open at once, the top-level object included; Foundation's limit.
    static let maximumDepth = 512

    let bytes: ArraySlice<UInt8>
    var index: Int

    init(_ line: ArraySlice<UInt8>) {
        bytes = line
        index = line.startIndex
    }

    /// The object's fields named in `wanted` (later duplicates win, as in JavaScript
    /// and in Foundation's reader).
    ///
    /// - Throws: ``Failure`` when the line is not exactly one JSON object
    ///   (whitespace around it is allowed).
    package static func fields(of line: ArraySlice<UInt8>, wanted: Set<String>) throws(Failure) -> [String: Value] {
        var scanner = JSONLineScanner(line)
        return try scanner.object(wanted: wanted)
    }

    var offset: Int { index - bytes.startIndex }

    func fail(_ reason: String) -> Failure { Failure(offset: offset, reason: reason) }

    mutating func skipSpace() {
        while index < bytes.endIndex, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
            index += 1
        }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        skipSpace()
        guard index < bytes.endIndex, bytes[index] == byte else {
            throw fail(index < bytes.endIndex ? "expected \(what)" : "unexpected end of line, expected \(what)")
        }
        index += 1
    }

    /// After an element of a container: consumes `,` and returns false, or
    /// consumes the closing byte (also after one trailing comma) and returns true.
    mutating func closes(_ close: UInt8, _ message: String, atEnd endMessage: String) throws(Failure) -> Bool {
        skipSpace()
        guard index < bytes.endIndex else { throw fail(endMessage) }
        if bytes[index] == 0x2C {
            index += 1
            skipSpace()
            guard index < bytes.endIndex, bytes[index] == close else { return false }
        } else if bytes[index] != close {
            throw fail(message)
        }
        index += 1
        return true
    }

    private mutating func object(wanted: Set<String>) throws(Failure) -> [String: Value] {
        skipSpace()
        guard index < bytes.endIndex, bytes[index] == 0x7B else { throw notAnObject() }
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
                    fields[key] = try value(depth: 1)
                } else {
                    try skipValue(depth: 1)
                }
                if try closes(0x7D, "expected ',' or '}'", atEnd: "unexpected end of line, expected ',' or '}'") { break }
            }
        }
        skipSpace()
        guard index == bytes.endIndex else { throw fail("unexpected text after the object") }
        return fields
    }

    /// The failure for a line that does not start with `{`, noting whether it
    /// is otherwise valid JSON (a top-level array; Foundation rejected bare
    /// scalars at the top level as invalid).
    private func notAnObject() -> Failure {
        var failure = fail("not a JSON object")
        var probe = self
        if index < bytes.endIndex, bytes[index] == 0x5B, (try? probe.skipValue(depth: 0)) != nil {
            probe.skipSpace()
            failure.isWellFormed = probe.index == bytes.endIndex
        }
        return failure
    }

    /// A wanted value at `index` (after whitespace), inside `depth` open containers.
    private mutating func value(depth: Int) throws(Failure) -> Value {
        guard index < bytes.endIndex else { throw fail("unexpected end of line, expected a value") }
        let start = index
        switch bytes[index] {
        case 0x22: return .string(try string())
        case 0x2D, 0x30...0x39: return .number(try number())
        case 0x74:
            try literal("true")
            return .bool(true)
        case 0x66:
            try literal("false")
            return .bool(false)
        case 0x6E:
            try literal("null")
            return .null
        case 0x5B: return try array(depth: depth)
        default:
            try skipValue(depth: depth)
            return .other(String(decoding: bytes[start..<index], as: UTF8.self))
        }
    }

    /// An array at `index`: ``Value/strings(_:)`` while every element is a
    /// string, else ``Value/array(_:)`` of scalars, nested containers as text.
    private mutating func array(depth: Int) throws(Failure) -> Value {
        guard depth < Self.maximumDepth else { throw fail("nested too deeply") }
        index += 1
        skipSpace()
        if index < bytes.endIndex, bytes[index] == 0x5D {
            index += 1
            return .strings(StringList())
        }
        var strings = StringList()
        var values: [Value]?
        while true {
            skipSpace()
            if values == nil, index < bytes.endIndex, bytes[index] == 0x22 {
                let start = strings.utf8.count
                try appendString(to: &strings.utf8)
                strings.ranges.append(start..<strings.utf8.count)
            } else {
                if values == nil {
                    values = strings.strings.map(Value.string)
                    strings = StringList()
                }
                let start = index
                let element: Value
                if index < bytes.endIndex, bytes[index] == 0x5B || bytes[index] == 0x7B {
                    try skipValue(depth: depth + 1)
                    element = .other(String(decoding: bytes[start..<index], as: UTF8.self))
                } else {
                    element = try value(depth: depth + 1)
                }
                values!.append(element)
            }
            if try closes(0x5D, "expected ',' or ']'", atEnd: "unexpected end of line in an array") { break }
        }
        return values.map(Value.array) ?? .strings(strings)
    }

    /// Checks the value at `index` and moves past it, building nothing.
    /// `depth` is the number of containers already open around it.
    mutating func skipValue(depth: Int) throws(Failure) {
        skipSpace()
        guard index < bytes.endIndex else { throw fail("unexpected end of line, expected a value") }
        switch bytes[index] {
        case 0x22: try skipString()
        case 0x2D, 0x30...0x39: try skipNumber()
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        case 0x5B, 0x7B:
            guard depth < Self.maximumDepth else { throw fail("nested too deeply") }
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
                    try skipString()
                    try expect(0x3A, "':'")
                }
                try skipValue(depth: depth + 1)
                if try closes(close, isObject ? "expected ',' or '}'" : "expected ',' or ']'", atEnd: "unexpected end of line") {
                    return
                }
            }
        default:
            throw fail("unexpected character")
        }
    }
}

@testable import Chaff
import Testing

@Suite struct JSONLineScannerTests {
    typealias Value = JSONLineScanner.Value

    func fields(_ line: String, _ wanted: Set<String> = ["a"]) throws -> [String: Value] {
        try JSONLineScanner.fields(of: ArraySlice(line.utf8), wanted: wanted)
    }

    func failure(_ line: String) -> JSONLineScanner.Failure? {
        do {
            _ = try JSONLineScanner.fields(of: ArraySlice(line.utf8), wanted: ["a"])
            return nil
        } catch {
            return error
        }
    }

    @Test func unescapesStrings() throws {
        let record = try fields(#"{"a": "q\"b\\s\/b\bf\fn\nr\rt\tu\u00e9\u4E2D"}"#)
        #expect(record["a"] == .string("q\"b\\s/b\u{8}f\u{C}n\nr\rt\tué中"))
    }

    @Test(arguments: [
        (#"\ud83d\ude00"#, "😀"),
        (#"\uD83D\uDE00x"#, "😀x"),
        (#"\ud800x"#, "\u{FFFD}x"),
        (#"\udc00"#, "\u{FFFD}"),
        (#"\ud800\u0041"#, "\u{FFFD}A"),
        (#"\ud800\ud800\udc00"#, "\u{FFFD}𐀀"),
        (#"\u0000"#, "\u{0}"),
    ])
    func decodesSurrogatePairs(escaped: String, expected: String) throws {
        #expect(try fields(#"{"a": ""# + escaped + #""}"#)["a"] == .string(expected))
    }

    @Test(arguments: 0..<20)
    func findsEscapesAndControlCharactersAtEveryPositionOfAWord(position: Int) throws {
        let before = String(repeating: "é", count: position / 2) + String(repeating: "a", count: position % 2)
        let after = String(repeating: "b", count: 19 - position)
        #expect(try fields(#"{"a": ""# + before + #"\"\\"# + after + #""}"#)["a"] == .string(before + "\"\\" + after))
        #expect(try fields(#"{"b": ""# + before + #"\u0041"# + after + #"", "a": 1}"#)["a"] == .number("1"))
        for line in [#"{"a": ""# + before + "\u{1F}" + after + #""}"#, #"{"b": ""# + before + "\u{0}" + after + #""}"#] {
            let failure = failure(line)
            #expect(failure?.reason == "control character in a string")
            #expect(failure?.offset == 7 + before.utf8.count)
        }
    }

    @Test func invalidUTF8BecomesReplacementCharacters() throws {
        let line: [UInt8] = Array(#"{"b": ""#.utf8) + [0xFF] + Array(#"", "a": "x"#.utf8) + [0xC3] + Array(#"y\n"}"#.utf8)
        let record = try JSONLineScanner.fields(of: line[...], wanted: ["a"])
        #expect(record["a"] == .string("x\u{FFFD}y\n"))
    }

    @Test func skipsUnwantedFieldsOfAnyShape() throws {
        let line = #"{"x": {"a": [1, {"b": "\u0041\"}"}], "c": null, "d": [true, false, -1.5e-3]}, "a": "kept", "y": []}"#
        #expect(try fields(line) == ["a": .string("kept")])
    }

    @Test func keepsTheLastOfDuplicateFields() throws {
        #expect(try fields(#"{"a": 1, "a": "two"}"#)["a"] == .string("two"))
    }

    @Test(arguments: ["0", "-0", "1", "1.0", "1e0", "1E+2", "-12.5e-3", "0.25", "1e400"])
    func keepsNumbersAsWritten(text: String) throws {
        #expect(try fields(#"{"a": "# + text + "}")["a"] == .number(text))
    }

    @Test(arguments: ["01", "-01", "1.", "1.e5", ".5", "+1", "-", "1e", "1e+", "-a"])
    func rejectsNumbersOutsideTheGrammar(text: String) {
        let failure = failure(#"{"a": "# + text + "}")
        #expect(failure?.reason == "invalid number" || failure?.reason == "unexpected character")
        #expect(failure?.offset == 6)
        #expect(self.failure(#"{"b": ["# + text + "]}") != nil)
    }

    @Test func readsArrays() throws {
        let record = try fields(#"{"s": ["a", "b"], "e": [], "m": [0, 1.0, true, null, "x", [1, [2]], {"k": 1}]}"#, ["s", "e", "m"])
        #expect(record["s"] == .strings(.init(["a", "b"])))
        #expect(record["e"] == .strings(.init()))
        #expect(record["m"] == .array([.number("0"), .number("1.0"), .bool(true), .null, .string("x"), .other("[1, [2]]"), .other(#"{"k": 1}"#)]))
    }

    @Test func arraysOfStringsKeepTheirUnescapedBytesInOneBuffer() throws {
        // Escapes, a surrogate pair, an empty string, and a raw invalid byte
        // (kept as it is in the bytes, repaired in `strings`).
        var line = Array(#"{"s": ["a\"b\n", "", "\ud83d\ude00 \u4e9a", "x"#.utf8)
        line += [0xFF] + Array(#"y"]}"#.utf8)
        let record = try JSONLineScanner.fields(of: line[...], wanted: ["s"])
        guard case .strings(let list)? = record["s"] else {
            Issue.record("expected strings, got \(String(describing: record["s"]))")
            return
        }
        #expect(list.count == 4)
        #expect(list.ranges.map { Array(list.utf8[$0]) } == [Array("a\"b\n".utf8), [], Array("😀 亚".utf8), [0x78, 0xFF, 0x79]])
        #expect(list.strings == ["a\"b\n", "", "😀 亚", "x\u{FFFD}y"])
    }

    @Test func allowsOneTrailingCommaAsFoundationDid() throws {
        #expect(try fields(#"{"a": [1, 2,], "b": {"c": 1,},}"#)["a"] == .array([.number("1"), .number("2")]))
        #expect(try fields(#"{"a": ["x" , ] , }"#)["a"] == .strings(.init(["x"])))
        for line in [#"{,}"#, #"{"a": [,]}"#, #"{"a": [1,,]}"#, #"{"a": 1,,}"#, #"{"b": {,}}"#] {
            #expect(failure(line) != nil, "\(line)")
        }
    }

    @Test func limitsNestingTo512Containers() throws {
        func nested(_ depth: Int) -> String {
            #"{"b": "# + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "}"
        }
        #expect(throws: Never.self) { try fields(nested(512)) }
        #expect(failure(nested(513))?.reason == "nested too deeply")
        #expect(failure(#"{"a": "# + String(repeating: "[", count: 100_000))?.reason == "nested too deeply")
    }

    @Test(arguments: [
        (#"{"a": "x"#, "unterminated string", 8) as (String, String, Int),
        ("{\"a\": \"x\ty\"}", "control character in a string", 8),
        (#"{"a": "\x"}"#, "invalid escape", 7),
        (#"{"b": "\x"}"#, "invalid escape", 7),
        (#"{"a": "\u12"}"#, #"invalid \u escape"#, 11),
        (#"{"a": tru}"#, "invalid literal", 6),
        (#"{"a": 1} x"#, "unexpected text after the object", 9),
        (#"{"a" 1}"#, "expected ':'", 5),
        (#"{"a": 1 "b": 2}"#, "expected ',' or '}'", 8),
        (#"{a: 1}"#, "expected a string key", 1),
        (#"{"a": 'x'}"#, "unexpected character", 6),
        (#"{"a": 1"#, "unexpected end of line, expected ',' or '}'", 7),
    ])
    func failsWhereTheTextGoesWrong(line: String, reason: String, offset: Int) {
        let failure = failure(line)
        #expect(failure?.reason == reason)
        #expect(failure?.offset == offset)
        #expect(failure?.isWellFormed == false)
    }

    @Test(arguments: [(" [1, {\"a\": 2},] ", true), ("[1, 2", false), (#""x""#, false), ("1", false), ("null", false), ("", false)])
    func tellsArraysFromInvalidTextWhenNotAnObject(line: String, isWellFormed: Bool) {
        let failure = failure(line)
        #expect(failure?.reason == "not a JSON object")
        #expect(failure?.isWellFormed == isWellFormed)
    }
}

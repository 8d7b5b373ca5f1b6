@testable import Chaff
import Testing

@Suite struct CorpusReaderJSONLTests {
    func pages(_ text: String) throws(TrainingDataError) -> [LabeledPage] {
        try CorpusReader().jsonlPages(Array(text.utf8), path: "t.jsonl")
    }

    func error(_ text: String) -> TrainingDataError? {
        do {
            _ = try pages(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsRecordsAndSkipsBlankLines() throws {
        let text = """
            {"id": "p1", "lang": "en", "script": null, "variant": 3, "doc_id": "d1", "kind": {"x": [1]}, "lines": ["a\\tb", "\\u4E2D"], "labels": [0, 1]}
            \t 

            {"lines": [], "labels": [], "doc_id": 7}
            """
        let result = try pages(text)
        #expect(result.count == 2)
        #expect(result[0] == LabeledPage(id: "p1", lines: ["a\tb", "中"], labels: [false, true], groups: ["lang": "en"], foldKey: "d1"))
        #expect(result[1] == LabeledPage(id: "t.jsonl:4", lines: [], labels: []))
    }

    @Test func skipsAByteOrderMarkAtTheStartOfALine() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"id": "p", "lines": ["x"], "labels": [1]}"#.utf8)
        #expect(try CorpusReader().jsonlPages(bytes, path: "t.jsonl")[0].labels == [true])
        #expect(error("\u{FEFF}") == .malformedRecord(path: "t.jsonl", line: 1, reason: "not valid JSON"))
    }

    @Test func htmlTakesPrecedenceOverLines() throws {
        let result = try pages(#"{"id": "h", "html": "<p>one</p>", "lines": 5, "doc_id": "d"}"#)
        #expect(result[0].lines == ["one"] && result[0].labels == [false] && result[0].foldKey == "d")
        #expect(try pages(#"{"html": null, "lines": ["x"], "labels": [0]}"#)[0].lines == ["x"])
    }

    @Test(arguments: [
        ("0", false), ("1", true), ("1.0", true), ("0.0", false), ("1e0", true), ("10e-1", true), ("-0", false),
        ("-0.0", false), ("1E+0", true), ("true", true), ("false", false),
    ])
    func acceptsLabelsEqualToZeroOrOne(json: String, expected: Bool) throws {
        #expect(try pages(#"{"lines": ["x"], "labels": ["# + json + "]}")[0].labels == [expected])
    }

    @Test(arguments: [
        ("2", "2"), ("-1", "-1"), ("0.5", "0.5"), ("2.50", "2.5"), ("1e2", "100.0"), ("1e-5", "1e-05"), ("4294967297", "4294967297"),
        (#""1""#, "1"), ("null", "<null>"), ("[1]", "[1]"), (#"{"v": 1}"#, #"{"v": 1}"#), ("1e400", "1e400"),
    ])
    func rejectsOtherLabels(json: String, quoted: String) {
        #expect(error(#"{"lines": ["x", "y"], "labels": [0, "# + json + "]}") == .invalidLabel(path: "t.jsonl", line: 1, label: quoted))
    }

    @Test(arguments: [
        (#"{"lines": ["x"], "labels": [0]"#, TrainingDataError.malformedRecord(path: "t.jsonl", line: 1, reason: "not valid JSON")),
        (#"{"lines": ["x"], "labels": [01]}"#, .malformedRecord(path: "t.jsonl", line: 1, reason: "not valid JSON")),
        (#""page""#, .malformedRecord(path: "t.jsonl", line: 1, reason: "not valid JSON")),
        (#"[{"lines": []}]"#, .malformedRecord(path: "t.jsonl", line: 1, reason: "not a JSON object")),
        (#"{"labels": [0]}"#, .missingField(path: "t.jsonl", line: 1, field: "lines")),
        (#"{"lines": ["x", null], "labels": [0, 0]}"#, .missingField(path: "t.jsonl", line: 1, field: "lines")),
        (#"{"lines": "x", "labels": [0]}"#, .missingField(path: "t.jsonl", line: 1, field: "lines")),
        (#"{"lines": ["x"]}"#, .missingField(path: "t.jsonl", line: 1, field: "labels")),
        (#"{"lines": ["x"], "labels": 0}"#, .missingField(path: "t.jsonl", line: 1, field: "labels")),
        (#"{"lines": ["x"], "labels": [0, 1]}"#, .labelCountMismatch(path: "t.jsonl", line: 1, lines: 1, labels: 2)),
        (#"{"lines": ["x"], "labels": []}"#, .labelCountMismatch(path: "t.jsonl", line: 1, lines: 1, labels: 0)),
    ])
    func reportsEachErrorWithItsLine(json: String, expected: TrainingDataError) {
        #expect(error(#"{"lines": [], "labels": []}"# + "\n" + json) == expected.onLine(2))
    }

    @Test func readsLongLinesInLinearTime() throws {
        let text = String(repeating: #"line \"quoted\" \u00e9 "#, count: 50_000)
        let record = #"{"id": "big", "lines": [""# + text + #"", "short"], "labels": [1, 0]}"#
        let page = try #require(try pages(record).first)
        #expect(page.lines[0].utf8.count == 50_000 * 17 && page.lines[1] == "short")
    }
}

private extension TrainingDataError {
    func onLine(_ line: Int) -> TrainingDataError {
        switch self {
        case .malformedRecord(let path, _, let reason): return .malformedRecord(path: path, line: line, reason: reason)
        case .missingField(let path, _, let field): return .missingField(path: path, line: line, field: field)
        case .labelCountMismatch(let path, _, let lines, let labels): return .labelCountMismatch(path: path, line: line, lines: lines, labels: labels)
        default: return self
        }
    }
}

import Chaff
import Testing

@Suite struct LineScannerTests {
    let scanner = LineScanner()

    @Test(arguments: [
        ("a\nb\nc", ["a", "b", "c"]),
        ("a\r\nb\r\n", ["a", "b"]),
        ("a\rb\r\rc", ["a", "b", "", "c"]),
        ("\n\n", ["", ""]),
        ("", []),
        ("only", ["only"]),
    ])
    func splitsLikeAnEditor(text: String, expected: [String]) {
        #expect(scanner.lines(in: text) == expected)
    }

    @Test func invalidUTF8BecomesReplacementCharacter() {
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0x0A, 0xE4, 0xBA]  // a, invalid, b / truncated 亚
        #expect(scanner.lines(in: bytes) == ["a\u{FFFD}b", "\u{FFFD}"])
    }

    @Test func longLinesAreCutAtAScalarBoundary() {
        let line = String(repeating: "亚", count: 100)  // 300 bytes
        let lines = scanner.lines(in: Array(line.utf8), maximumLineBytes: 100)
        #expect(lines.count == 1)
        #expect(lines[0] == String(repeating: "亚", count: 33))
    }
}

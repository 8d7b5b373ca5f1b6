@testable import Chaff
import ChaffTestSupport
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

    /// Random bytes with CR, LF and CRLF at random places, one byte in
    /// `spacing` on average, so that line ends fall inside, at the edges of
    /// and between the sixteen-byte steps the scanner skips: the ranges of a
    /// byte-by-byte split.
    @Test(arguments: [8, 32, 128])
    func lineRangesMatchAByteByByteSplit(spacing: Int) {
        var generator = SeededGenerator(seed: UInt64(13 + spacing))
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0...300, using: &generator)).map { _ -> UInt8 in
                switch Int.random(in: 0..<spacing, using: &generator) {
                case 0: return 0x0A
                case 1: return 0x0D
                default: return UInt8.random(in: 0...255, using: &generator)
                }
            }
            var expected: [Range<Int>] = []
            var start = 0
            var index = 0
            while index < bytes.count {
                if bytes[index] == 0x0A || bytes[index] == 0x0D {
                    expected.append(start..<index)
                    if bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
                    start = index + 1
                }
                index += 1
            }
            if start < bytes.count { expected.append(start..<bytes.count) }
            #expect(bytes.withUnsafeBufferPointer { scanner.lineRanges(in: $0) } == expected)
        }
    }

    /// The first terminator from every start, and the end for a start at or
    /// past it: what a reader of chunks asks (`LineReader`).
    @Test func lineEndFromEveryStart() {
        var bytes = [UInt8](repeating: 0x61, count: 70)
        bytes[5] = 0x0D
        bytes[40] = 0x0A
        bytes.withUnsafeBufferPointer { buffer in
            for start in 0...75 {
                let expected = start <= 5 ? 5 : start <= 40 ? 40 : max(start, 70)
                #expect(LineScanner.lineEnd(in: buffer, from: start) == expected, "from \(start)")
            }
        }
        #expect([UInt8]().withUnsafeBufferPointer { LineScanner.lineEnd(in: $0, from: 0) } == 0)
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

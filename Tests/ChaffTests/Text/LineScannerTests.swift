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

    /// Random bytes with CR, LF and CRLF at random places, so that line ends
    /// fall inside, at the edges of and between the eight-byte words the
    /// scanner skips: the ranges of a byte-by-byte split.
    @Test func lineRangesMatchAByteByByteSplit() {
        var generator = SeededGenerator(seed: 13)
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0...200, using: &generator)).map { _ -> UInt8 in
                switch UInt8.random(in: 0..<32, using: &generator) {
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

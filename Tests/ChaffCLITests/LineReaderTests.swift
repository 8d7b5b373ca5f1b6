import Chaff
@testable import ChaffCLI
import ChaffTestSupport
import Foundation
import Testing

/// `LineReader.readPageBytes()`: the lines `chaff score` reads from a text file.
@Suite struct LineReaderTests {
    /// The lines `bytes` read as, from a file (whose reads return whole
    /// 64 KiB chunks, unlike a pipe's), as strings. The file is read both
    /// whole and line by line, and the two must agree.
    func lines(of bytes: [UInt8], maximumLineBytes: Int = TextLimits.maximumLineBytes) throws -> [String] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("chaff-line-reader-\(UUID().uuidString)")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        func read(wholeFileLimit: Int) throws -> [String] {
            let bytes = try InputFile.withDescriptor(file.path) {
                try LineReader(descriptor: $0, maximumLineBytes: maximumLineBytes, wholeFileLimit: wholeFileLimit).readPageBytes()
            }
            let page = UTF8Lines(bytes, maximumLineBytes: maximumLineBytes)
            return (0..<page.lineCount).map(page.string(ofLine:))
        }
        let whole = try read(wholeFileLimit: bytes.count)
        let byLines = try read(wholeFileLimit: -1)
        #expect(whole == byLines)
        return byLines
    }

    @Test func splitsLikeTheLineScanner() throws {
        let text = "a\r\nb\rc\n\nd"
        #expect(try lines(of: Array(text.utf8)) == ["a", "b", "c", "", "d"])
        #expect(try lines(of: Array(text.utf8)) == LineScanner().lines(in: text))
        #expect(try lines(of: Array("x\n".utf8)) == ["x"])
        #expect(try lines(of: []) == [])
    }

    @Test func aCRLFAcrossTwoReadsEndsOneLine() throws {
        // The reader reads 64 KiB at a time: the CR is the last byte of the first read.
        let first = [UInt8](repeating: 0x61, count: (1 << 16) - 1) + [0x0D]
        let read = try lines(of: first + [0x0A, 0x62])
        #expect(read.count == 2)
        #expect(read[0].utf8.count == (1 << 16) - 1)
        #expect(read[1] == "b")
    }

    @Test func longLinesAreCutAtAScalarBoundary() throws {
        // "中" is three bytes: a 10-byte limit keeps three of them (9 bytes).
        let long = Array(String(repeating: "中", count: 50_000).utf8)
        let read = try lines(of: long + Array("\nnext".utf8), maximumLineBytes: 10)
        #expect(read == ["中中中", "next"])
    }

    @Test func randomMixesOfLineEndsReadTheSameWholeAndLineByLine() throws {
        // `lines(of:)` compares the two readings; lines of up to 40 bytes
        // against a 16-byte limit, with multi-byte scalars, so that cuts
        // fall inside scalars too.
        var random = SeededGenerator(seed: 11)
        let pieces: [[UInt8]] = [[0x0A], [0x0D], [0x0D, 0x0A], Array("中".utf8), [0x61], [0x20], [0xFF], Array("é".utf8)]
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0...60, using: &random)).flatMap { _ in pieces.randomElement(using: &random)! }
            _ = try lines(of: bytes, maximumLineBytes: 16)
        }
    }

    @Test func invalidUTF8IsKeptForTheScorer() throws {
        let read = try lines(of: [0x61, 0xFF, 0x62, 0x0A])
        #expect(read == ["a\u{FFFD}b"])
    }
}

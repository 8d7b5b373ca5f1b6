import ChaffTestSupport
import Foundation
import Testing

/// The page's text without its injected lines: `chaff clean`, and
/// `--cleaned-text` in every way `chaff score` reads pages. Scored with the
/// shipped default model.
@Suite struct CleanedTextTests {
    let scratch = TemporaryDirectory()

    /// The page's own lines, and the whole page with an empty line and the
    /// injected line after them.
    static let ownLines = StreamingTests.cleanLines
    static let page = (ownLines + ["", StreamingTests.spamLine]).joined(separator: "\n") + "\n"

    @Test func cleanPrintsThePageWithoutItsInjectedBlock() throws {
        let file = try scratch.write(Array(Self.page.utf8), to: "page.txt")
        let result = try ChaffBinary.run(["clean", file.path])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output == (Self.ownLines + [""]).joined(separator: "\n") + "\n")
        #expect(result.error == "\(file.path): removed 1 of 6 lines (line 6)\n")

        // HTML: the lines Chaff reads from the page (its title first), from a pipe.
        let html = try ChaffBinary.run(["clean", "--as", "html", "-"], input: Data(StreamingTests.html(injected: true)))
        #expect(html.status == 0, "\(html.error)")
        #expect(html.output == (["市人民政府 - 新闻中心"] + Self.ownLines).joined(separator: "\n") + "\n")
        #expect(!html.output.contains("无码"))

        // A clean page comes out whole, and says so.
        let clean = try scratch.write(Array((Self.ownLines.joined(separator: "\n") + "\n").utf8), to: "clean.txt")
        let untouched = try ChaffBinary.run(["clean", clean.path])
        #expect(untouched.output == Self.ownLines.joined(separator: "\n") + "\n")
        #expect(untouched.error.contains("clean (highest line score") && untouched.error.contains("nothing removed"))
    }

    @Test func cleanRefusesWhatItCannotDo() throws {
        let file = try scratch.write(Array(Self.page.utf8), to: "page.txt")
        let two = try ChaffBinary.run(["clean", file.path, file.path])
        #expect(two.status == 64)
        #expect(two.error.contains("--cleaned-text"), "points to the way for many pages: \(two.error)")
        let missing = try ChaffBinary.run(["clean", scratch.file("missing.txt").path])
        #expect(missing.status == 1)
        #expect(missing.output.isEmpty)
        let binary = try ChaffBinary.run(["clean", scratch.write([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0x0D], to: "logo.txt").path])
        #expect(binary.status == 1 && binary.error.contains("binary data"), "\(binary.error)")
    }

    @Test func scoreAddsTheCleanedTextToJSONReports() throws {
        let file = try scratch.write(Array(Self.page.utf8), to: "page.txt")
        let expected = (Self.ownLines + [""]).joined(separator: "\n")
        for format in ["json", "jsonl"] {
            let result = try ChaffBinary.run(["score", "--format", format, "--cleaned-text", file.path])
            let report = try #require(try StreamingTests.objects(result.output).first)
            #expect(report["cleanedText"] as? String == expected, "\(format)")
            // Last, after the contract's fields.
            #expect(result.output.contains("]}],\"cleanedText\":\""), "\(format)")
        }
        // Without the option, the report is the contract's alone.
        #expect(!(try ChaffBinary.run(["score", "--format", "jsonl", file.path]).output.contains("cleanedText")))
        let text = try ChaffBinary.run(["score", "--cleaned-text", file.path])
        #expect(text.status == 64)
        #expect(text.error.contains("chaff clean"), "\(text.error)")
    }

    @Test func pipelinesGetTheCleanedTextToo() throws {
        let requests = [
            #"{"id": "t", "text": "\#(Self.page.replacingOccurrences(of: "\n", with: "\\n"))"}"#,
            #"{"id": "l", "lines": \#(String(decoding: try JSONSerialization.data(withJSONObject: Self.ownLines + [StreamingTests.spamLine]), as: UTF8.self))}"#,
        ].joined(separator: "\n") + "\n"
        let piped = try ChaffBinary.run(["score", "--input", "jsonl", "--cleaned-text"], input: Data(requests.utf8))
        let answers = try StreamingTests.objects(piped.output)
        #expect(answers.map { $0["cleanedText"] as? String } == [
            (Self.ownLines + [""]).joined(separator: "\n"), Self.ownLines.joined(separator: "\n"),
        ])

        let path = try StreamingTests.crawl(compressed: true).write(to: scratch.file("crawl.warc.gz"))
        let archive = try ChaffBinary.run(["score", "--warc", "--cleaned-text", path])
        let reports = try StreamingTests.objects(archive.output)
        #expect(reports.count == 3)
        let texts = reports.map { $0["cleanedText"] as? String ?? "<none>" }
        #expect(texts[0] == (["市人民政府 - 新闻中心"] + Self.ownLines).joined(separator: "\n"))
        #expect(texts[1] == (["市人民政府 - 新闻中心"] + Self.ownLines).joined(separator: "\n"), "a clean page is kept whole")
        #expect(texts[2] == Self.ownLines.joined(separator: "\n"))
    }
}

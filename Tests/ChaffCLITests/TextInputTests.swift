import ChaffTestSupport
import Foundation
import Testing

/// `chaff score` on text files as they are found on disks and mirrors: in
/// legacy charsets, in UTF-16, gzip-compressed, and next to binary files.
/// Scored with the shipped model, which the binary finds in its checkout.
@Suite struct TextInputTests {
    let scratch = TemporaryDirectory()

    static let page = """
        市政府召开常务会议，研究部署城市更新和老旧小区改造工作。
        会议要求各区加快推进项目建设，确保年底前完成既定目标。

        亚洲精品无码在线观看|国产精品视频免费|日韩无码高清在线|欧美精品一区二区|久久精品国产亚洲
        """

    /// The JSON report of one file, without its `source`.
    func report(_ file: URL, _ options: [String] = []) throws -> [String: Any] {
        let result = try ChaffBinary.run(["score", "--format", "json"] + options + [file.path])
        #expect(result.status == 0, "\(result.error)")
        var report = try #require(JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        report["source"] = nil
        return report
    }

    @Test func aPageInALegacyCharsetScoresAsInUTF8() throws {
        let utf8 = try report(scratch.write(Array(Self.page.utf8), to: "utf8.txt"))
        #expect(utf8["verdict"] as? String == "injected")
        let expected = try JSONSerialization.data(withJSONObject: utf8, options: .sortedKeys)
        for (name, bytes) in [
            ("gb18030.txt", LegacyEncoding.encode(Self.page, as: "GB18030")),
            ("utf16.txt", [0xFF, 0xFE] + LegacyEncoding.encode(Self.page, as: "UTF-16LE")),
            ("utf8-bom.txt", [0xEF, 0xBB, 0xBF] + Array(Self.page.utf8)),
        ] {
            let scored = try report(scratch.write(bytes, to: name))
            #expect(try JSONSerialization.data(withJSONObject: scored, options: .sortedKeys) == expected, "\(name)")
        }
        // The text report says how a page that is not UTF-8 was read.
        let utf8Heading = try ChaffBinary.run(["score", scratch.file("utf8.txt").path]).output.prefix { $0 != "\n" }
        let legacyHeading = try ChaffBinary.run(["score", scratch.file("gb18030.txt").path]).output.prefix { $0 != "\n" }
        #expect(utf8Heading.hasPrefix("== \(scratch.file("utf8.txt").path): INJECTED"))
        #expect(legacyHeading.hasPrefix("== \(scratch.file("gb18030.txt").path) (GB18030, guessed): INJECTED"))
        // Standard input too, where UTF-16 is read whole before it is split.
        let piped = try ChaffBinary.run(
            ["score", "--format", "json", "-"], input: Data([0xFE, 0xFF] + LegacyEncoding.encode(Self.page, as: "UTF-16BE")))
        var pipedReport = try #require(JSONSerialization.jsonObject(with: Data(piped.output.utf8)) as? [String: Any])
        pipedReport["source"] = nil
        #expect(try JSONSerialization.data(withJSONObject: pipedReport, options: .sortedKeys) == expected)
    }

    @Test func aNamedCharsetIsUsed() throws {
        let file = try scratch.write(LegacyEncoding.encode(Self.page, as: "GBK"), to: "page.txt")
        let named = try report(file, ["--charset", "gbk"])
        #expect(named["verdict"] as? String == "injected")
        // UTF-16 without a byte order mark: named, it is neither binary data
        // nor split into lines before it is decoded, from a file or a pipe.
        let utf16 = LegacyEncoding.encode(Self.page, as: "UTF-16LE")
        let utf16File = try scratch.write(utf16, to: "utf16.txt")
        let utf16Report = try report(utf16File, ["--charset", "utf-16le"])
        #expect((utf16Report["lines"] as? [Any])?.count == 4)
        let piped = try ChaffBinary.run(["score", "--format", "jsonl", "--charset", "utf-16le", "-"], input: Data(utf16))
        #expect(piped.status == 0 && piped.output.contains("\"verdict\":\"injected\""))
        #expect(try ChaffBinary.run(["score", utf16File.path]).error.contains("binary data"))

        let unknown = try ChaffBinary.run(["score", "--charset", "klingon", file.path])
        #expect(unknown.status == 64)
        #expect(unknown.error.contains("unknown charset 'klingon'"))
        let withWARC = try ChaffBinary.run(["score", "--warc", "--charset", "gbk", file.path])
        #expect(withWARC.status == 64)
    }

    @Test func gzipPagesAreDecompressed() throws {
        let expected = try JSONSerialization.data(
            withJSONObject: report(scratch.write(Array(Self.page.utf8), to: "page.txt")), options: .sortedKeys)
        let compressed = WARCBuilder.gzip(LegacyEncoding.encode(Self.page, as: "GB18030"))
        let file = try scratch.write(compressed, to: "page.txt.gz")
        #expect(try JSONSerialization.data(withJSONObject: report(file), options: .sortedKeys) == expected)
        let piped = try ChaffBinary.run(["score", "--format", "jsonl", "-"], input: Data(compressed))
        #expect(piped.status == 0 && piped.output.contains("\"verdict\":\"injected\""))

        // `.html.gz` is HTML: its title is a line of its own.
        let html = "<html><head><title>市政府</title></head><body><p>\(Self.page)</p></body></html>"
        let htmlFile = try scratch.write(WARCBuilder.gzip(Array(html.utf8)), to: "page.html.gz")
        let htmlReport = try report(htmlFile)
        #expect((htmlReport["lines"] as? [Any])?.count == 2)

        let truncated = try scratch.write(Array(compressed.prefix(compressed.count / 2)), to: "cut.txt.gz")
        let cut = try ChaffBinary.run(["score", truncated.path])
        #expect(cut.status == 1)
        #expect(cut.error == "Error: cannot read '\(truncated.path)': corrupt gzip data: compressed data ends early\n")
    }

    @Test func binaryDataIsNotScoredUnlessAsked() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]
        let file = try scratch.write(png, to: "logo.txt")
        let named = try ChaffBinary.run(["score", file.path])
        #expect(named.status == 1)
        #expect(named.error.contains("cannot read '\(file.path)': binary data, not a page (a NUL byte at offset 8)"))
        #expect(named.output.isEmpty)
        let asked = try ChaffBinary.run(["score", "--as", "text", "--format", "jsonl", file.path])
        #expect(asked.status == 0)
        #expect(asked.output.contains("\"verdict\""))
    }

    @Test func anEmptyFolderIsNoted() throws {
        let folder = scratch.file("empty")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = try scratch.write([0x2E], to: "empty/.hidden")
        let result = try ChaffBinary.run(["score", folder.path])
        #expect(result.status == 0)
        #expect(result.output.isEmpty)
        #expect(result.error == "Note: no files in '\(folder.path)'\n")
    }
}

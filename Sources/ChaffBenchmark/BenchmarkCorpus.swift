import Chaff
import Foundation

/// The pages the benchmark scores and trains on, held in memory before any
/// clock starts.
///
/// Built reproducibly: files are read in sorted path order and pages are taken
/// in file order, cycling through them until the requested amount of page text
/// is reached. Repeating a page costs no memory (arrays share storage) and
/// measures the same work, since a ``PageScorer`` keeps no caches.
struct BenchmarkCorpus: Sendable {
    /// Page texts as UTF-8 bytes, lines joined by LF, in scoring order.
    let texts: [[UInt8]]
    /// HTML pages as raw bytes, in scoring order.
    let html: [[UInt8]]
    /// Where the HTML pages came from (a folder, or rendered from the text pages).
    let htmlOrigin: String
    /// Labeled pages for the training measurements, each once.
    let labeled: [LabeledPage]
    /// Distinct text pages before repetition.
    let distinctTexts: Int
    /// Distinct HTML pages before repetition.
    let distinctHTML: Int

    /// Total bytes of page text.
    var textBytes: Int { texts.reduce(0) { $0 + $1.count } }
    /// Total bytes of HTML.
    var htmlBytes: Int { html.reduce(0) { $0 + $1.count } }
    /// Total bytes of labeled text (each line's UTF-8 plus its line feed).
    var labeledBytes: Int { labeled.reduce(0) { $0 + Self.textBytes(of: $1) } }
    /// Total labeled lines.
    var labeledLines: Int { labeled.reduce(0) { $0 + $1.lines.count } }

    /// Reads a corpus.
    ///
    /// - Parameters:
    ///   - url: a `.jsonl`/`.jsonl.gz` file of labeled pages, or a folder holding
    ///     such files and/or `.txt`, `.html` and `.htm` pages.
    ///   - htmlURL: a folder of real HTML pages, or nil to render the text pages as HTML.
    ///   - trainingFallback: labeled pages to train on when the corpus has none.
    ///   - megabytes: page text (10^6 bytes) to reach by repeating pages; 0
    ///     takes every page once.
    init(url: URL, htmlURL: URL?, trainingFallback: URL, megabytes: Double) throws {
        let target = Int(megabytes * 1_000_000)
        let reader = CorpusReader()
        let path = url.path
        var labeled: [LabeledPage] = []
        var plainTexts: [[UInt8]] = []
        var htmlPages: [[UInt8]] = []
        if CorpusReader.isDataFile(path) {
            labeled = try reader.pages(inFile: path)
        } else {
            for file in try reader.files(in: [path]) where !file.hasSuffix(".tsv") {
                labeled += try reader.pages(inFile: file)
            }
            for file in Self.pageFiles(in: url, extensions: ["txt"]) { plainTexts.append(try Self.bytes(of: file)) }
            for file in Self.pageFiles(in: url, extensions: ["html", "htm"]) { htmlPages.append(try Self.bytes(of: file)) }
        }
        labeled.removeAll { $0.independentLines }
        let baseTexts = labeled.map { Self.text(of: $0) } + plainTexts
        guard !baseTexts.isEmpty || !htmlPages.isEmpty else {
            throw BenchmarkError.emptyCorpus(path: path)
        }
        if let htmlURL {
            htmlPages = Self.pageFiles(in: htmlURL, extensions: ["html", "htm"]).compactMap { try? Self.bytes(of: $0) }
            guard !htmlPages.isEmpty else { throw BenchmarkError.emptyCorpus(path: htmlURL.path) }
            htmlOrigin = htmlURL.path
        } else if htmlPages.isEmpty {
            htmlPages = labeled.map { Self.renderHTML($0) }
            htmlOrigin = "corpus pages rendered as HTML"
        } else {
            htmlOrigin = path
        }
        texts = Self.repeated(baseTexts, upTo: target)
        html = Self.repeated(htmlPages, upTo: target)
        distinctTexts = baseTexts.count
        distinctHTML = htmlPages.count
        if labeled.isEmpty {
            for file in try reader.files(in: [trainingFallback.path]) where !file.hasSuffix(".tsv") {
                labeled += try reader.pages(inFile: file)
            }
            labeled.removeAll { $0.independentLines }
        }
        self.labeled = labeled
    }

    /// The bytes a labeled page occupies as text: each line and its line feed.
    static func textBytes(of page: LabeledPage) -> Int {
        page.lines.reduce(0) { $0 + $1.utf8.count + 1 }
    }

    /// A labeled page as the text a crawler would hand over: lines joined by LF.
    static func text(of page: LabeledPage) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(textBytes(of: page))
        for line in page.lines {
            bytes += line.utf8
            bytes.append(0x0A)
        }
        return bytes
    }

    /// A labeled page as a plain HTML document: the first line as the title, then
    /// one paragraph per line, each on its own source line.
    static func renderHTML(_ page: LabeledPage) -> [UInt8] {
        var html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
        html += escape(page.lines.first ?? "")
        html += "</title></head>\n<body>\n<div class=\"content\">\n"
        for line in page.lines where !line.isEmpty {
            html += "<p>" + escape(line) + "</p>\n"
        }
        html += "</div>\n</body></html>\n"
        return Array(html.utf8)
    }

    private static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// Pages taken cyclically, in order, until their bytes reach `target`;
    /// every page once when `target` is 0.
    private static func repeated(_ pages: [[UInt8]], upTo target: Int) -> [[UInt8]] {
        guard target > 0, pages.contains(where: { !$0.isEmpty }) else { return pages }
        var result: [[UInt8]] = []
        var total = 0
        var index = 0
        while total < target {
            result.append(pages[index])
            total += pages[index].count
            index = (index + 1) % pages.count
        }
        return result
    }

    /// Files under `url` (or `url` itself) with one of `extensions`, sorted by path.
    private static func pageFiles(in url: URL, extensions: Set<String>) -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return extensions.contains(url.pathExtension.lowercased()) ? [url] : [] }
        guard let enumerator = FileManager.default.enumerator(atPath: url.path) else { return [] }
        var found: [URL] = []
        while let relative = enumerator.nextObject() as? String {
            let file = url.appendingPathComponent(relative)
            if extensions.contains(file.pathExtension.lowercased()) { found.append(file) }
        }
        return found.sorted { $0.path < $1.path }
    }

    private static func bytes(of url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }
}

/// A benchmark input that cannot be used.
enum BenchmarkError: Error, CustomStringConvertible {
    /// The corpus holds no pages.
    case emptyCorpus(path: String)
    /// A memory probe subprocess failed.
    case probeFailed(kind: String, reason: String)

    var description: String {
        switch self {
        case .emptyCorpus(let path): "\(path): no pages found (expected .jsonl, .txt or .html pages)"
        case .probeFailed(let kind, let reason): "memory probe \(kind) failed: \(reason)"
        }
    }
}

import Chaff
import Foundation

/// What one fuzz input is fed to. Each target reads hostile bytes the way
/// `chaff` or an embedding crawler would, and stops the program (which the
/// fuzzer reports as a crash, with the input) when two ways of reading the
/// same bytes disagree.
enum FuzzTarget: String, CaseIterable {
    /// An HTTP body scored as a crawler scores it: the first byte picks the
    /// `Content-Type` header (HTML or text, with or without a charset); the
    /// report and cleaned text must be the same with a line cache and without,
    /// and from a scorer that leaves blocks unexplained, but for the reasons.
    case page
    /// A WARC file read record by record, with each response's HTTP block
    /// parsed (chunked and gzip codings undone) and its body scored.
    case warc
    /// Labeled pages read as training data: the first byte picks `.jsonl`,
    /// `.jsonl.gz` or `.tsv`; the pages read are then added to a trainer.
    case corpus

    /// What the target does, for `chaff-fuzz --help`.
    var summary: String {
        switch self {
        case .page: return "an HTTP body, scored with and without a line cache, and without reasons (the reports must agree)"
        case .warc: return "a WARC file: records, HTTP responses, bodies scored"
        case .corpus: return "labeled pages (.jsonl, .jsonl.gz or .tsv) read and added to a trainer"
        }
    }
}

/// The state the targets share across inputs: one scorer, one line cache
/// (so that lines repeat across inputs, as on a crawl), a scratch file.
final class FuzzHarness {
    let target: FuzzTarget
    let scorer: PageScorer
    /// The same model's scorer that leaves blocks unexplained.
    let unexplaining: PageScorer
    private var cache = PageScorer.LineCache(byteLimit: 1 << 20)
    private let scratch: URL

    /// The `Content-Type` headers the `page` target picks from.
    static let contentTypes: [String?] = [
        nil, "text/html", "text/html; charset=utf-8", "text/html; charset=gb18030", "text/html; charset=gbk",
        "text/html; charset=big5", "text/html; charset=shift_jis", "text/html; charset=euc-jp",
        "text/html; charset=euc-kr", "text/html; charset=windows-1251", "text/html; charset=windows-1252",
        "text/html; charset=iso-8859-1", "text/html; charset=utf-16", "text/html; charset=no-such-charset",
        "text/plain", "text/plain; charset=utf-8", "text/plain; charset=gb18030", "text/plain; charset=shift_jis",
        "application/xhtml+xml", "application/octet-stream",
    ]

    /// The file extensions the `corpus` target picks from.
    static let corpusExtensions = [".jsonl", ".jsonl.gz", ".tsv"]

    init(target: FuzzTarget, model: URL) throws {
        self.target = target
        let model = try ModelFile.read(model)
        scorer = PageScorer(model: model)
        unexplaining = PageScorer(model: model, explainsBlocks: false)
        scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("chaff-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    /// Removes the scratch folder. Called before the program exits: a
    /// global's `deinit` never runs, and `exit` skips it too.
    func removeScratch() { try? FileManager.default.removeItem(at: scratch) }

    /// Feeds one input to the target.
    func run(_ input: UnsafeBufferPointer<UInt8>) {
        switch target {
        case .page: page(input)
        case .warc: warc(input)
        case .corpus: corpus(input)
        }
    }

    private func page(_ input: UnsafeBufferPointer<UInt8>) {
        guard let first = input.first else { return }
        let contentType = Self.contentTypes[Int(first) % Self.contentTypes.count]
        let body = Array(input.dropFirst())
        let url = "http://fuzz.example/page.html"
        let plain = scorer.scoreAndClean(httpBody: body, contentType: contentType, url: url)
        let cached = scorer.scoreAndClean(httpBody: body, contentType: contentType, url: url, cache: &cache)
        switch (plain, cached) {
        case (nil, nil):
            return
        case let (plain?, cached?):
            if plain.report.jsonBytes() != cached.report.jsonBytes() || plain.cleanedText != cached.cleanedText {
                fatalError("chaff-fuzz: the report through a line cache differs from the report without one")
            }
            guard let bare = unexplaining.scoreAndClean(httpBody: body, contentType: contentType, url: url) else {
                fatalError("chaff-fuzz: the body was a page to one scorer and not to the other")
            }
            var unexplained = plain.report
            for index in unexplained.blocks.indices { unexplained.blocks[index].reasons = [] }
            if bare.report != unexplained || bare.cleanedText != plain.cleanedText {
                fatalError("chaff-fuzz: leaving blocks unexplained changed more than their reasons")
            }
        default:
            fatalError("chaff-fuzz: the body was a page once and not the other time")
        }
    }

    private func warc(_ input: UnsafeBufferPointer<UInt8>) {
        let file = scratch.appendingPathComponent("input.warc")
        guard (try? Data(input).write(to: file)) != nil, let reader = try? WARCReader(path: file.path) else { return }
        for element in reader {
            guard case .success(let record) = element, record.type == "response",
                  let response = try? record.httpResponse(maximumBodyBytes: 1 << 20)
            else { continue }
            _ = scorer.score(httpBody: response.body, contentType: response.contentType, url: record.targetURI ?? "-")
        }
    }

    private func corpus(_ input: UnsafeBufferPointer<UInt8>) {
        guard let first = input.first else { return }
        let file = scratch.appendingPathComponent("input" + Self.corpusExtensions[Int(first) % Self.corpusExtensions.count])
        guard (try? Data(input.dropFirst()).write(to: file)) != nil,
              let pages = try? CorpusReader().pages(inFile: file.path)
        else { return }
        var trainer = ModelTrainer(lineCacheBytes: 1 << 16)
        for page in pages { trainer.add(page) }
    }
}

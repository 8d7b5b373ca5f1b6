import Chaff

/// One element of a WARC file on its way through `chaff score --warc`: made
/// on the reading thread, scored on a scoring thread, then counted and
/// written on the main thread, in file order.
enum ArchiveRecord: Sendable {
    /// Damage the reader found where a record should be (not a record).
    case problem(String)
    /// A record not scored, and why: not a response (`request`, `warcinfo`),
    /// or a response whose payload is not HTML or text.
    case skipped(String)
    /// A response whose HTTP message could not be read.
    case malformedResponse(String)
    /// A response to score.
    case page(url: String, response: HTTPResponse)
    /// A scored response's report, and whether it flags injected lines.
    case report(json: String, injected: Bool)

    /// What the reader gave: a record, sorted into a page to score or a
    /// reason not to, or the damage it found.
    init(_ element: Result<WARCRecord, WARCError>) {
        let record: WARCRecord
        switch element {
        case .failure(let problem):
            self = .problem("\(problem)")
            return
        case .success(let read):
            record = read
        }
        guard let type = record.type, type.lowercased() == "response" else {
            self = .skipped(record.type?.lowercased() ?? "no WARC-Type")
            return
        }
        let response: HTTPResponse
        do {
            response = try record.httpResponse()
        } catch {
            self = .malformedResponse("\(error)")
            return
        }
        guard PayloadKind(contentType: response.contentType, body: response.body) != nil else {
            self = .skipped(Self.mediaReason(response))
            return
        }
        self = .page(url: record.targetURI ?? "\(record.path)@\(record.offset)", response: response)
    }

    /// The bytes a page's body holds in memory until it is written (0 for the rest).
    var bytes: Int {
        if case .page(_, let response) = self { response.body.count } else { 0 }
    }

    /// A page scored into its report (with `cleanedText`, the page's text
    /// without its injected lines); any other element as it is.
    func scored(by scorer: PageScorer, cleanedText: Bool, cache: inout PageScorer.LineCache) -> ArchiveRecord {
        guard case .page(let url, let response) = self else { return self }
        guard let (report, text) = scorer.score(
            httpBody: response.body, contentType: response.contentType, url: url, cleaning: cleanedText, cache: &cache)
        else { return .skipped(Self.mediaReason(response)) }
        var urlJSON = JSONWriter()
        urlJSON.string(url)
        let json = report.json(
            extra: [(key: "url", json: urlJSON.text), (key: "status", json: String(response.status))], cleanedText: text)
        return .report(json: json, injected: report.verdict == .injected)
    }

    /// Why a response is not scored: its media type.
    private static func mediaReason(_ response: HTTPResponse) -> String {
        "response " + (response.mediaType ?? "without Content-Type")
    }
}

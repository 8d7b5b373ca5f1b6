import Chaff
import Foundation

/// One input line of `chaff score --input jsonl`: a page to score and the
/// identity to echo back with its report.
///
/// Accepted shapes (other fields are ignored):
///
///     {"id": "p1", "text": "line one\nline two"}
///     {"url": "https://example.org/", "html": "<html>...", "contentType": "text/html"}
///     {"id": 7, "lines": ["line one", "line two"]}
struct PageRequest {
    /// What to score.
    enum Content {
        /// Plain text, split at LF, CR LF or CR.
        case text(String)
        /// HTML source, already decoded; `contentType` `text/plain` reads it as text.
        case html(String)
        /// The page's lines, as in labeled data: their bytes, without a
        /// `String` per line.
        case lines(UTF8Lines)
    }

    /// The `id` value, re-encoded as JSON (a string or a number), if present.
    var idJSON: String?
    /// The `url` value, if present.
    var url: String?
    /// The page.
    var content: Content

    /// A line that could not be used, with whatever identity it had.
    struct Failure: Error {
        var idJSON: String?
        var url: String?
        var message: String
    }

    /// What the report names as its source: the URL, else the id, else the line number.
    func source(line: Int) -> String {
        url ?? idJSON.map { $0.hasPrefix("\"") ? String($0.dropFirst().dropLast()) : $0 } ?? "line \(line)"
    }

    /// The fields put first in the report: `id`, then `url`.
    var extraFields: [(key: String, json: String)] {
        Self.identity(idJSON: idJSON, url: url)
    }

    static func identity(idJSON: String?, url: String?) -> [(key: String, json: String)] {
        var fields: [(key: String, json: String)] = []
        if let idJSON { fields.append((key: "id", json: idJSON)) }
        if let url {
            var writer = JSONWriter()
            writer.string(url)
            fields.append((key: "url", json: writer.text))
        }
        return fields
    }

    /// Parses one line.
    static func parse(_ line: ArraySlice<UInt8>) -> Result<PageRequest, Failure> {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            return .failure(Failure(message: "empty line"))
        }
        let fields: [String: JSONLineScanner.Value]
        do {
            fields = try JSONLineScanner.fields(of: line, wanted: ["id", "url", "text", "html", "contentType", "lines"])
        } catch {
            return .failure(Failure(message: error.description))
        }
        var idJSON: String?
        switch fields["id"] {
        case nil, .null?: break
        case .string(let text)?:
            var writer = JSONWriter()
            writer.string(text)
            idJSON = writer.text
        case .number(let text)?: idJSON = text
        case .bool?, .strings?, .array?, .other?: return .failure(Failure(message: "'id' must be a string or a number"))
        }
        var url: String?
        switch fields["url"] {
        case nil, .null?: break
        case .string(let text)?: url = text
        default: return .failure(Failure(idJSON: idJSON, message: "'url' must be a string"))
        }
        func failure(_ message: String) -> Result<PageRequest, Failure> {
            .failure(Failure(idJSON: idJSON, url: url, message: message))
        }
        if let value = fields["text"] {
            guard case .string(let text) = value else { return failure("'text' must be a string") }
            return .success(PageRequest(idJSON: idJSON, url: url, content: .text(text)))
        }
        if let value = fields["html"] {
            guard case .string(let html) = value else { return failure("'html' must be a string") }
            if case .string(let contentType)? = fields["contentType"], contentType.lowercased().hasPrefix("text/plain") {
                return .success(PageRequest(idJSON: idJSON, url: url, content: .text(html)))
            }
            return .success(PageRequest(idJSON: idJSON, url: url, content: .html(html)))
        }
        if let value = fields["lines"] {
            guard case .strings(let list) = value else { return failure("'lines' must be an array of strings") }
            return .success(PageRequest(idJSON: idJSON, url: url, content: .lines(UTF8Lines(list.utf8, lineRanges: list.ranges))))
        }
        return failure("no 'text', 'html' or 'lines' field")
    }
}

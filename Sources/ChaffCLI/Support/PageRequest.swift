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
        /// The page's lines, as in labeled data.
        case lines([String])
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
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(line), options: []) as? [String: Any] else {
                return .failure(Failure(message: "not a JSON object"))
            }
            object = parsed
        } catch {
            return .failure(Failure(message: "invalid JSON: \(Self.describe(error))"))
        }
        var idJSON: String?
        if let id = object["id"], !(id is NSNull) {
            guard let encoded = Self.encodeIdentifier(id) else {
                return .failure(Failure(message: "'id' must be a string or a number"))
            }
            idJSON = encoded
        }
        var url: String?
        if let value = object["url"], !(value is NSNull) {
            guard let text = value as? String else {
                return .failure(Failure(idJSON: idJSON, message: "'url' must be a string"))
            }
            url = text
        }
        func failure(_ message: String) -> Result<PageRequest, Failure> {
            .failure(Failure(idJSON: idJSON, url: url, message: message))
        }
        if let value = object["text"] {
            guard let text = value as? String else { return failure("'text' must be a string") }
            return .success(PageRequest(idJSON: idJSON, url: url, content: .text(text)))
        }
        if let value = object["html"] {
            guard let html = value as? String else { return failure("'html' must be a string") }
            let contentType = object["contentType"] as? String
            if contentType.map({ $0.lowercased().hasPrefix("text/plain") }) == true {
                return .success(PageRequest(idJSON: idJSON, url: url, content: .text(html)))
            }
            return .success(PageRequest(idJSON: idJSON, url: url, content: .html(html)))
        }
        if let value = object["lines"] {
            guard let lines = value as? [String] else { return failure("'lines' must be an array of strings") }
            return .success(PageRequest(idJSON: idJSON, url: url, content: .lines(lines)))
        }
        return failure("no 'text', 'html' or 'lines' field")
    }

    /// A string or number id as JSON text; nil for other types.
    private static func encodeIdentifier(_ value: Any) -> String? {
        if let text = value as? String {
            var writer = JSONWriter()
            writer.string(text)
            return writer.text
        }
        // JSON true and false arrive as NSNumber too, with the objCType of a C char.
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        let double = number.doubleValue
        guard double.isFinite else { return nil }
        if double == double.rounded() && abs(double) < 1e15 { return String(Int64(double)) }
        return "\(double)"
    }

    private static func describe(_ error: Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return (text ?? "\(error)").prefix(200).lowercased()
    }
}

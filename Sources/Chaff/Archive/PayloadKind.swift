/// Whether an HTTP body is a page Chaff scores, and how to read it.
public enum PayloadKind: String, Sendable, CaseIterable {
    /// HTML or XHTML: read with ``HTMLDocument``.
    case html
    /// Plain text: decoded and scored line by line.
    case text

    /// The kind a `Content-Type` implies: `text/html` and
    /// `application/xhtml+xml` are HTML, `text/plain` is text; other types
    /// (images, PDFs, scripts, style sheets, JSON) are not pages and give nil.
    /// Without a usable type (missing, empty, `application/octet-stream`,
    /// `unknown/unknown`) the first bytes decide: markup that opens with
    /// `<!doctype html`, `<html`, `<head`, `<body` or a comment is HTML.
    ///
    /// - Complexity: O(1); at most 512 bytes of `body` are looked at.
    public init?(contentType: String?, body: [UInt8]) {
        switch ASCII.mediaType(contentType) {
        case "text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml":
            self = .html
        case "text/plain":
            self = .text
        case nil, "application/octet-stream", "unknown/unknown", "application/unknown", "*/*":
            guard PayloadKind.looksLikeHTML(body) else { return nil }
            self = .html
        default:
            return nil
        }
    }

    static func looksLikeHTML(_ body: [UInt8]) -> Bool {
        var index = 0
        if body.count >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF { index = 3 }
        while index < body.count && index < 512 && (body[index] == 0x20 || (0x09...0x0D).contains(body[index])) {
            index += 1
        }
        let rest = body[index..<Swift.min(body.count, index + 16)].map(ASCII.lowercase)
        return ["<!doctype html", "<html", "<head", "<body", "<!--"].contains { rest.starts(with: Array($0.utf8)) }
    }
}

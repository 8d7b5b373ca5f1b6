/// An HTTP response as stored in a WARC `response` record: status, headers and
/// the body as the page's bytes (transfer and content codings undone).
public struct HTTPResponse: Sendable, Equatable {
    /// The status code, e.g. 200.
    public let status: Int
    /// The reason phrase, e.g. `OK` (may be empty).
    public let reason: String
    /// The header fields, in order.
    public let headers: [HeaderField]
    /// The body: de-chunked when `Transfer-Encoding: chunked`, decompressed when
    /// `Content-Encoding` is gzip or deflate.
    public let body: [UInt8]
    /// Why the body may be incomplete: the record's block was cut, the chunked
    /// coding or the compressed data ended early, or the decoded body reached
    /// its limit. Nil when the body is whole.
    public let bodyProblem: String?

    /// Why an HTTP response could not be parsed.
    struct ParseError: Error {
        let reason: String
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.hasName(name) }?.value
    }

    /// The `Content-Type` header, e.g. `text/html; charset=GBK`.
    public var contentType: String? { header("Content-Type") }

    /// The lowercased media type without parameters, e.g. `text/html`.
    public var mediaType: String? { ASCII.mediaType(contentType) }

    /// Parses an HTTP response message.
    ///
    /// - Parameters:
    ///   - bytes: status line, headers, blank line, body.
    ///   - maximumBodyBytes: the decoded body is cut at this size.
    ///   - isCut: whether `bytes` is only the start of the message.
    init(parsing bytes: [UInt8], maximumBodyBytes: Int, isCut: Bool = false) throws(ParseError) {
        var position = 0
        func nextLine() -> ArraySlice<UInt8>? {
            guard let newline = bytes[position...].firstIndex(of: 0x0A) else { return nil }
            var lineEnd = newline
            if lineEnd > position && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            defer { position = newline + 1 }
            return bytes[position..<lineEnd]
        }
        guard let statusLine = nextLine() else {
            throw ParseError(reason: bytes.isEmpty ? "empty HTTP response" : "no HTTP status line")
        }
        // "HTTP/1.1 200 OK": version, space, three digits, optional reason.
        guard statusLine.starts(with: Array("HTTP/".utf8)),
              let space = statusLine.firstIndex(of: 0x20) else {
            throw ParseError(reason: "not an HTTP status line: '\(String(quoting: statusLine.prefix(40)))'")
        }
        var codeStart = space
        while codeStart < statusLine.endIndex && statusLine[codeStart] == 0x20 { codeStart += 1 }
        var code = 0
        var digits = 0
        var index = codeStart
        while index < statusLine.endIndex, statusLine[index] >= 0x30, statusLine[index] <= 0x39, digits < 3 {
            code = code * 10 + Int(statusLine[index] - 0x30)
            digits += 1
            index += 1
        }
        guard digits == 3 else {
            throw ParseError(reason: "invalid HTTP status in '\(String(quoting: statusLine.prefix(40)))'")
        }
        status = code
        reason = ASCII.text(trimming: statusLine[index...])
        var fields: [HeaderField] = []
        var ended = false
        while let line = nextLine() {
            if line.isEmpty {
                ended = true
                break
            }
            if ASCII.isSpace(line.first!), let last = fields.last {
                fields[fields.count - 1] = HeaderField(name: last.name, value: last.value + " " + ASCII.text(trimming: line))
            } else if let field = ASCII.field(line) {
                fields.append(field)
            }
            // A line that is neither is ignored, as browsers do.
        }
        guard ended || isCut || position == bytes.count else {
            throw ParseError(reason: "HTTP headers do not end with a blank line")
        }
        headers = fields
        var body = ended ? Array(bytes[position...]) : []
        var problem: String? = isCut ? "the record's block was cut at the size limit" : nil
        func has(_ name: String, token: String) -> Bool {
            fields.contains { field in
                field.hasName(name) && ASCII.lowercasedTokens(field.value).contains(token)
            }
        }
        if has("Transfer-Encoding", token: "chunked") {
            let (decoded, failure) = HTTPResponse.dechunk(body)
            body = decoded
            problem = problem ?? failure
        }
        // Several codings ("gzip, br") are rare; the last one applied is undone if it is ours.
        let encoding = fields.last { $0.hasName("Content-Encoding") }.flatMap { ASCII.lowercasedTokens($0.value).last }
        switch encoding {
        case "gzip", "x-gzip", "deflate":
            let format: Inflater.Format = encoding == "deflate" ? .gzipOrZlib : .gzip
            var (decoded, failure) = Inflater.decompress(body, format: format, maximumOutput: maximumBodyBytes)
            if encoding == "deflate" && decoded.isEmpty && failure != nil {
                // Some servers send raw deflate without the zlib wrapper.
                (decoded, failure) = Inflater.decompress(body, format: .raw, maximumOutput: maximumBodyBytes)
            }
            if decoded.isEmpty && failure != nil && !body.isEmpty {
                throw ParseError(reason: "Content-Encoding \(encoding!): \(failure!)")
            }
            body = decoded
            problem = problem ?? failure.map { "Content-Encoding \(encoding!): \($0)" }
        default:
            // identity, or a coding Chaff does not decode (br, zstd): the body
            // stays as is and the charset decoder will see mostly noise.
            break
        }
        if body.count > maximumBodyBytes {
            body.removeSubrange(maximumBodyBytes...)
            problem = problem ?? "the body was cut at \(maximumBodyBytes) bytes"
        }
        self.body = body
        self.bodyProblem = problem
    }

    /// Undoes chunked transfer coding: hex size line (extensions after `;`
    /// ignored), data, CR LF, until a zero-size chunk; trailers are dropped.
    /// Returns what was decoded and why it stopped early, if it did.
    static func dechunk(_ bytes: [UInt8]) -> ([UInt8], String?) {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var position = 0
        while true {
            guard let newline = bytes[position...].firstIndex(of: 0x0A) else {
                return (output, position == bytes.count ? "chunked body ends without its last chunk" : "truncated chunk size line")
            }
            var size = 0
            var digits = 0
            var index = position
            while index < newline, let value = bytes[index].hexDigitValue {
                guard size < 1 << 40 else { return (output, "chunk size too large") }
                size = size * 16 + Int(value)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return (output, "invalid chunk size line") }
            position = newline + 1
            if size == 0 { return (output, nil) }
            let available = min(size, bytes.count - position)
            output.append(contentsOf: bytes[position..<(position + available)])
            position += available
            guard available == size else { return (output, "chunked body ends inside a chunk") }
            // The CR LF after the chunk's data.
            if position < bytes.count && bytes[position] == 0x0D { position += 1 }
            if position < bytes.count && bytes[position] == 0x0A { position += 1 }
        }
    }
}

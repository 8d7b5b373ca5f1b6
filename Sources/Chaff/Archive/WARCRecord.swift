/// One record of a WARC file (ISO 28500): its named fields and its block.
///
/// For a `response` record the block is the HTTP response as received; call
/// ``httpResponse()`` for its status, headers and decoded body.
public struct WARCRecord: Sendable, Equatable {
    /// The WARC file the record was read from, for messages.
    public let path: String
    /// Byte offset of the record's `WARC/` line in the uncompressed WARC stream.
    public let offset: Int64
    /// For a gzip-compressed file, the compressed byte offset of the gzip member
    /// that starts with this record (what a Common Crawl index calls `offset`);
    /// nil for a plain file, or when the record does not start a member.
    public let memberOffset: Int64?
    /// The version line, e.g. `WARC/1.0`.
    public let version: String
    /// The header fields, in file order.
    public let fields: [HeaderField]
    /// The declared block length (`Content-Length`), in bytes.
    public let contentLength: Int64
    /// The block, or its first ``WARCReader/maximumBlockBytes`` bytes when
    /// ``isBlockTruncated``.
    public let block: [UInt8]
    /// Whether the block was longer than the reader's limit and was cut.
    public let isBlockTruncated: Bool

    /// Creates a record.
    public init(path: String, offset: Int64, memberOffset: Int64?, version: String, fields: [HeaderField],
                contentLength: Int64, block: [UInt8], isBlockTruncated: Bool) {
        self.path = path
        self.offset = offset
        self.memberOffset = memberOffset
        self.version = version
        self.fields = fields
        self.contentLength = contentLength
        self.block = block
        self.isBlockTruncated = isBlockTruncated
    }

    /// The value of the first field named `name`, compared case-insensitively.
    public func field(_ name: String) -> String? {
        fields.first { $0.hasName(name) }?.value
    }

    /// `WARC-Type`: `warcinfo`, `request`, `response`, `resource`, `metadata`,
    /// `revisit`, `conversion` or `continuation`.
    public var type: String? { field("WARC-Type") }

    /// `WARC-Target-URI`, with the angle brackets of WARC 1.0 drafts removed.
    public var targetURI: String? {
        guard var uri = field("WARC-Target-URI") else { return nil }
        if uri.hasPrefix("<") && uri.hasSuffix(">") && uri.count >= 2 {
            uri = String(uri.dropFirst().dropLast())
        }
        return uri
    }

    /// The HTTP response in a `response` record's block: status line, headers,
    /// and the body with chunked transfer coding and gzip or deflate content
    /// coding undone.
    ///
    /// - Parameter maximumBodyBytes: a bound on the decoded body, against
    ///   decompression bombs; a longer body is cut.
    /// - Throws: ``WARCError/malformedHTTP(path:offset:targetURI:reason:)`` when
    ///   the block is not an HTTP response or its coding is damaged.
    public func httpResponse(maximumBodyBytes: Int = WARCReader.defaultMaximumBlockBytes) throws(WARCError) -> HTTPResponse {
        do {
            return try HTTPResponse(parsing: block, maximumBodyBytes: maximumBodyBytes, isCut: isBlockTruncated)
        } catch {
            throw .malformedHTTP(path: path, offset: offset, targetURI: targetURI, reason: error.reason)
        }
    }
}

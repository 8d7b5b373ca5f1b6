import CZlib
import Foundation

/// Test helper shared by the test targets: writes WARC records, plain or as one gzip member per record
/// (zlib deflate with windowBits 31), the way Common Crawl publishes them.
public struct WARCBuilder {
    /// The file so far.
    public private(set) var bytes: [UInt8] = []
    /// Uncompressed offset of each record added, in order.
    public private(set) var offsets: [Int64] = []
    /// File offset of each record added (compressed offset for gzip).
    public private(set) var fileOffsets: [Int64] = []
    public let compressed: Bool
    private var uncompressedLength: Int64 = 0

    /// Creates an empty file, plain or gzip per record.
    public init(compressed: Bool) { self.compressed = compressed }

    /// Appends raw bytes as one record (a member of their own when compressed).
    public mutating func appendRaw(_ record: [UInt8]) {
        offsets.append(uncompressedLength)
        fileOffsets.append(Int64(bytes.count))
        uncompressedLength += Int64(record.count)
        bytes += compressed ? WARCBuilder.gzip(record) : record
    }

    /// Appends a well-formed record with a block.
    public mutating func append(type: String, uri: String?, block: [UInt8], extraFields: [String] = []) {
        appendRaw(WARCBuilder.record(type: type, uri: uri, block: block, extraFields: extraFields))
    }

    /// A record's bytes: version line, fields, blank line, block, CRLF CRLF.
    public static func record(type: String, uri: String?, block: [UInt8], extraFields: [String] = []) -> [UInt8] {
        var header = "WARC/1.0\r\nWARC-Type: \(type)\r\n"
        if let uri { header += "WARC-Target-URI: \(uri)\r\n" }
        header += "WARC-Date: 2024-05-01T12:00:00Z\r\nWARC-Record-ID: <urn:test:\(type)-\(block.count)>\r\n"
        for field in extraFields { header += field + "\r\n" }
        header += "Content-Length: \(block.count)\r\n\r\n"
        return Array(header.utf8) + block + Array("\r\n\r\n".utf8)
    }

    /// An HTTP response message.
    public static func http(status: String = "200 OK", headers: [String], body: [UInt8]) -> [UInt8] {
        Array(("HTTP/1.1 \(status)\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n").utf8) + body
    }

    /// One gzip member.
    public static func gzip(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        precondition(deflateInit2_(&stream, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                                   Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 64)
        var input = input
        let produced = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
                return target.count - Int(stream.avail_out)
            }
        }
        return Array(output[..<produced])
    }

    /// Writes the file to `url` and returns its path.
    public func write(to url: URL) throws -> String {
        try Data(bytes).write(to: url)
        return url.path
    }
}

/// Reads the records of a WARC file one at a time, with bounded memory.
///
/// The file may be plain or gzip-compressed — one member for the whole file,
/// or one member per record as Common Crawl publishes — told apart by its
/// first bytes, not its name. Memory stays bounded whatever the file's size:
/// 64 KiB of read-ahead, a header limit of ``maximumHeaderBytes``, and a
/// block limit of ``maximumBlockBytes`` beyond which a block is cut (and
/// marked ``WARCRecord/isBlockTruncated``) while the rest is skipped.
///
/// Bad input does not end the file: each element is either a record or the
/// ``WARCError`` of one that could not be read, located by byte offset, after
/// which reading goes on at the next `WARC/` line. Only an unreadable file or
/// damaged gzip data ends the sequence early (after reporting it).
///
/// ```swift
/// let reader = try WARCReader(path: "CC-MAIN-...warc.gz")
/// for element in reader {
///     switch element {
///     case .success(let record) where record.type == "response":
///         let response = try record.httpResponse()
///         ...
///     case .success: continue
///     case .failure(let problem): print("skipped: \(problem)")
///     }
/// }
/// ```
///
/// A reader owns its file and is used by one task at a time; it is not
/// `Sendable`. Records are `Sendable` values that can be handed to other tasks.
public final class WARCReader: Sequence, IteratorProtocol {
    /// The default ``maximumBlockBytes``: 16 MiB, far above any HTML page
    /// (Common Crawl itself truncates payloads at 1 MiB).
    public static let defaultMaximumBlockBytes = 16 << 20

    /// Blocks longer than this are cut to this many bytes.
    public let maximumBlockBytes: Int
    /// A record header longer than this is malformed (64 KiB by default).
    public let maximumHeaderBytes: Int
    /// The file's name, for messages.
    public let path: String
    /// Whether the file is gzip-compressed.
    public let isCompressed: Bool

    private let file: ArchiveFile
    private let stream: any ArchiveStream
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var position = 0
    private var end = 0
    /// Uncompressed offset of `buffer[0]`.
    private var bufferOffset: Int64 = 0
    private var streamEnded = false
    private var pendingFailure: WARCError?
    private var finished = false

    /// Opens a WARC file.
    ///
    /// - Throws: ``WARCError/unreadable(path:reason:)`` when it cannot be opened.
    public convenience init(path: String, maximumBlockBytes: Int = WARCReader.defaultMaximumBlockBytes,
                            maximumHeaderBytes: Int = 64 << 10) throws(WARCError) {
        try self.init(file: ArchiveFile(path: path), maximumBlockBytes: maximumBlockBytes,
                      maximumHeaderBytes: maximumHeaderBytes)
    }

    /// Reads a WARC file from an open descriptor (standard input is 0), which
    /// the caller keeps open until reading ends and then closes.
    ///
    /// - Parameter name: what messages call the file, e.g. `-`.
    public convenience init(descriptor: Int32, name: String,
                            maximumBlockBytes: Int = WARCReader.defaultMaximumBlockBytes,
                            maximumHeaderBytes: Int = 64 << 10) throws(WARCError) {
        try self.init(file: ArchiveFile(descriptor: descriptor, name: name), maximumBlockBytes: maximumBlockBytes,
                      maximumHeaderBytes: maximumHeaderBytes)
    }

    private init(file: ArchiveFile, maximumBlockBytes: Int, maximumHeaderBytes: Int) throws(WARCError) {
        self.file = file
        self.path = file.path
        self.maximumBlockBytes = Swift.max(0, maximumBlockBytes)
        self.maximumHeaderBytes = Swift.max(256, maximumHeaderBytes)
        let magic = try file.peek(2)
        isCompressed = magic == [0x1F, 0x8B]
        stream = isCompressed ? GzipStream(file: file) : PlainArchiveStream(file: file)
    }

    /// The next record, or the problem with the next stretch of the file;
    /// nil at the end.
    public func next() -> Result<WARCRecord, WARCError>? {
        if finished { return nil }
        if let failure = pendingFailure {
            pendingFailure = nil
            finished = true
            return .failure(failure)
        }
        // Records are followed by CRLF CRLF; tolerate any run of line breaks.
        while true {
            guard ensure(1) else { return finish() }
            let byte = buffer[position]
            guard byte == 0x0D || byte == 0x0A else { break }
            position += 1
        }
        let start = offset
        let memberOffset = stream.memberOffset(startingAt: start)
        let header: Header
        switch readHeader(start: start) {
        case .success(let parsed):
            header = parsed
        case .failure(let problem):
            if case .truncatedHeader = problem {
                finished = pendingFailure == nil
                return .failure(problem)
            }
            skipToNextRecord()
            return .failure(problem)
        }
        let uri = header.fields.first { $0.hasName("WARC-Target-URI") }?.value
        let keep = Int(Swift.min(header.contentLength, Int64(maximumBlockBytes)))
        var block: [UInt8] = []
        block.reserveCapacity(keep)
        var remaining = header.contentLength
        while remaining > 0 {
            guard ensure(1) else {
                finished = pendingFailure == nil
                return .failure(.truncatedRecord(path: path, offset: start, targetURI: uri,
                                                 expected: header.contentLength,
                                                 found: header.contentLength - remaining))
            }
            let available = Swift.min(Int64(end - position), remaining)
            let count = Int(available)
            if block.count < keep {
                let copied = Swift.min(count, keep - block.count)
                block.append(contentsOf: buffer[position..<(position + copied)])
            }
            position += count
            remaining -= available
        }
        return .success(WARCRecord(
            path: path, offset: start, memberOffset: memberOffset, version: header.version, fields: header.fields,
            contentLength: header.contentLength, block: block,
            isBlockTruncated: header.contentLength > Int64(maximumBlockBytes)))
    }

    // MARK: - Header

    private struct Header {
        var version: String
        var fields: [HeaderField]
        var contentLength: Int64
    }

    private var offset: Int64 { bufferOffset + Int64(position) }

    private func readHeader(start: Int64) -> Result<Header, WARCError> {
        var headerBytes = 0
        func nextLine() -> Result<ArraySlice<UInt8>, WARCError> {
            guard let line = readLine(limit: maximumHeaderBytes - headerBytes) else {
                if lineTooLong {
                    return .failure(.malformedRecord(path: path, offset: start,
                                                     reason: "header longer than \(maximumHeaderBytes) bytes"))
                }
                return .failure(.truncatedHeader(path: path, offset: start))
            }
            headerBytes += line.count + 2
            return .success(line)
        }
        let first: ArraySlice<UInt8>
        switch nextLine() {
        case .success(let line): first = line
        case .failure(let problem): return .failure(problem)
        }
        guard first.starts(with: Array("WARC/".utf8)) else {
            let shown = String(quoting: first.prefix(40))
            return .failure(.malformedRecord(path: path, offset: start,
                                             reason: "expected a 'WARC/1.x' version line, found '\(shown)'"))
        }
        var fields: [HeaderField] = []
        var lineNumber = 1
        while true {
            let line: ArraySlice<UInt8>
            switch nextLine() {
            case .success(let next): line = next
            case .failure(let problem): return .failure(problem)
            }
            lineNumber += 1
            if line.isEmpty { break }
            if ASCII.isSpace(line.first!), let last = fields.last {
                // A folded continuation line (WARC 1.0 allows them, as HTTP/1.0 did).
                fields[fields.count - 1] = HeaderField(name: last.name, value: last.value + " " + ASCII.text(trimming: line))
                continue
            }
            guard let field = ASCII.field(line) else {
                let shown = String(quoting: line.prefix(40))
                return .failure(.malformedRecord(path: path, offset: start,
                                                 reason: "header line \(lineNumber) is not 'Name: value': '\(shown)'"))
            }
            fields.append(field)
        }
        guard let lengthText = fields.first(where: { $0.hasName("Content-Length") })?.value else {
            return .failure(.malformedRecord(path: path, offset: start, reason: "no Content-Length field"))
        }
        guard let length = Int64(lengthText), length >= 0 else {
            return .failure(.malformedRecord(path: path, offset: start, reason: "invalid Content-Length '\(lengthText)'"))
        }
        return .success(Header(version: String(decoding: first, as: UTF8.self), fields: fields, contentLength: length))
    }

    private var lineTooLong = false

    /// The next line without its CR LF (or bare LF), copied out of the buffer;
    /// nil at the end of the file or when no line end comes within `limit` bytes.
    private func readLine(limit: Int) -> ArraySlice<UInt8>? {
        lineTooLong = false
        var scanned = 0
        while true {
            if let newline = buffer[(position + scanned)..<end].firstIndex(of: 0x0A) {
                var lineEnd = newline
                if lineEnd > position && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                guard lineEnd - position <= limit else {
                    lineTooLong = true
                    return nil
                }
                let line = ArraySlice(buffer[position..<lineEnd])
                position = newline + 1
                return line
            }
            scanned = end - position
            if scanned > limit {
                lineTooLong = true
                return nil
            }
            guard ensure(scanned + 1) else { return nil }
        }
    }

    /// After a malformed header: skips to the next line that starts with `WARC/`.
    private func skipToNextRecord() {
        let marker = Array("WARC/".utf8)
        var atLineStart = true
        while ensure(marker.count) || end > position {
            if atLineStart && end - position >= marker.count && buffer[position..<(position + marker.count)].elementsEqual(marker) {
                return
            }
            if atLineStart && end - position < marker.count {
                // Too few bytes left to hold a record.
                position = end
                return
            }
            atLineStart = buffer[position] == 0x0A
            position += 1
        }
    }

    // MARK: - Buffer

    /// Makes at least `count` bytes available from `position`; false when the
    /// stream ends first (a stream failure is kept to be reported next).
    private func ensure(_ count: Int) -> Bool {
        while end - position < count {
            if streamEnded { return false }
            if position > 0 {
                let kept = end - position
                buffer.withUnsafeMutableBytes { raw in
                    raw.baseAddress!.copyMemory(from: raw.baseAddress! + position, byteCount: kept)
                }
                bufferOffset += Int64(position)
                position = 0
                end = kept
            }
            if buffer.count - end < 1 << 15 || buffer.count < count {
                buffer.append(contentsOf: repeatElement(0, count: Swift.max(buffer.count, count - buffer.count)))
            }
            let start = end
            let result = buffer.withUnsafeMutableBytes { raw in
                Result { () throws(WARCError) -> Int in
                    try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[start...]))
                }
            }
            switch result {
            case .success(let got):
                if got == 0 { streamEnded = true }
                end += got
            case .failure(let error):
                streamEnded = true
                pendingFailure = error
            }
        }
        return true
    }

    private func finish() -> Result<WARCRecord, WARCError>? {
        finished = true
        if let failure = pendingFailure {
            pendingFailure = nil
            return .failure(failure)
        }
        return nil
    }
}
